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

package dev.leader.aop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The leader-only calls running on this node, per group, so that a revoked group's work
 * can be interrupted and a shutdown can wait for running work before the leases are
 * released.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class RunningLeaderJobs {

	/**
	 * The groups of the calls running on each thread, innermost last: a leader-only call
	 * may call another, and the outer one runs on after the inner one ends.
	 */
	private final Map<Thread, Deque<String>> running = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	private volatile boolean accepting = true;

	/**
	 * Register the current thread as running work of a group.
	 * @param group the group
	 * @return {@code false} when no new work is accepted (shutting down)
	 */
	boolean begin(String group) {
		synchronized (this.monitor) {
			if (!this.accepting) {
				return false;
			}
			this.running.computeIfAbsent(Thread.currentThread(), (thread) -> new ArrayDeque<>()).addLast(group);
			return true;
		}
	}

	/**
	 * The current thread's innermost call ended.
	 */
	void end() {
		synchronized (this.monitor) {
			Deque<String> calls = this.running.get(Thread.currentThread());
			if (calls != null) {
				calls.pollLast();
				if (calls.isEmpty()) {
					this.running.remove(Thread.currentThread());
				}
			}
			this.monitor.notifyAll();
		}
	}

	/**
	 * Interrupt the work of a group, for example after this node stopped leading it.
	 * @param group the group
	 * @return how many calls were interrupted
	 */
	public int interrupt(String group) {
		int interrupted = 0;
		synchronized (this.monitor) {
			for (Map.Entry<Thread, Deque<String>> entry : this.running.entrySet()) {
				if (entry.getValue().contains(group)) {
					entry.getKey().interrupt();
					interrupted++;
				}
			}
		}
		return interrupted;
	}

	/**
	 * Interrupt the work of a group and wait up to {@code timeout} for it to end, before
	 * the group's lease is released.
	 * @param group the group
	 * @param timeout the longest to wait
	 * @return {@code true} when no work of the group is left
	 */
	public boolean drain(String group, Duration timeout) {
		interrupt(group);
		synchronized (this.monitor) {
			return awaitNone(() -> isRunning(group), timeout);
		}
	}

	/**
	 * Accept new work again after a {@link #shutdown(Duration)}, when the application
	 * context is restarted.
	 */
	public void resume() {
		synchronized (this.monitor) {
			this.accepting = true;
		}
	}

	/**
	 * Stop accepting new work, wait for running work up to {@code timeout}, then
	 * interrupt what is left.
	 * @param timeout the longest to wait
	 * @return {@code true} when all work finished in time
	 */
	public boolean shutdown(Duration timeout) {
		synchronized (this.monitor) {
			this.accepting = false;
			if (awaitNone(() -> !this.running.isEmpty(), timeout)) {
				return true;
			}
			this.running.keySet().forEach(Thread::interrupt);
			return false;
		}
	}

	/**
	 * Wait (holding the monitor) until {@code busy} turns false or the timeout passes.
	 * @return {@code true} when it turned false in time
	 */
	private boolean awaitNone(BooleanSupplier busy, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (busy.getAsBoolean()) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this.monitor, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private boolean isRunning(String group) {
		return this.running.values().stream().anyMatch((calls) -> calls.contains(group));
	}

	/**
	 * The groups with work running now.
	 * @return group names
	 */
	public Set<String> activeGroups() {
		synchronized (this.monitor) {
			Set<String> groups = new TreeSet<>();
			this.running.values().forEach(groups::addAll);
			return Collections.unmodifiableSet(groups);
		}
	}

}
