/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.leader.lease;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of one run of {@link LeaseRounds}: one timer thread (rounds and step-down
 * deadlines, never waiting for the store), one renewal thread and the attempt threads.
 *
 * @author leader-spring-boot-starter
 */
final class RoundWorkers {

	final ScheduledExecutorService timer;

	/**
	 * Renewals, on a thread of their own so that a slow acquisition never holds them.
	 */
	final ExecutorService renewCalls;

	/** Reads and acquisitions, which may wait behind another node's row lock. */
	final ExecutorService attemptCalls;

	RoundWorkers(String run, int storeThreads) {
		this.timer = Executors.newSingleThreadScheduledExecutor(threads(run + "-timer"));
		this.renewCalls = Executors.newSingleThreadExecutor(threads(run + "-renew"));
		this.attemptCalls = Executors.newFixedThreadPool(storeThreads, threads(run + "-store"));
	}

	boolean isShutdown() {
		return this.timer.isShutdown();
	}

	/**
	 * Stop the timer at once; let store calls in flight finish, waiting up to
	 * {@code wait} for each.
	 */
	void shutdown(Duration wait) {
		this.timer.shutdownNow();
		this.renewCalls.shutdown();
		this.attemptCalls.shutdown();
		try {
			for (ExecutorService calls : List.of(this.renewCalls, this.attemptCalls)) {
				if (!calls.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
					calls.shutdownNow();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
