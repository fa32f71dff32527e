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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waiting for, and interrupting, running leader-only calls.
 */
class RunningLeaderJobsTests {

	private final RunningLeaderJobs running = new RunningLeaderJobs();

	@Test
	void shutdownWaitsForRunningWorkThenRefusesNewWork() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Void> job = runJob("billing", started, () -> finish.await(10, TimeUnit.SECONDS));
		started.await(10, TimeUnit.SECONDS);
		CompletableFuture<Boolean> shutdown = CompletableFuture
			.supplyAsync(() -> this.running.shutdown(Duration.ofSeconds(10)));
		assertThat(this.running.activeGroups()).containsExactly("billing");
		finish.countDown();
		assertThat(shutdown.get(10, TimeUnit.SECONDS)).isTrue();
		job.get(10, TimeUnit.SECONDS);
		assertThat(this.running.begin("billing")).isFalse();
	}

	@Test
	void shutdownInterruptsWorkStillRunningAfterTheTimeout() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		CompletableFuture<Void> job = runJob("billing", started, () -> {
			try {
				new CountDownLatch(1).await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
		});
		started.await(10, TimeUnit.SECONDS);
		assertThat(this.running.shutdown(Duration.ofMillis(200))).isFalse();
		job.get(10, TimeUnit.SECONDS);
		assertThat(interrupted).isTrue();
	}

	@Test
	void drainInterruptsOnlyTheGroupsWork() throws Exception {
		CountDownLatch started = new CountDownLatch(2);
		AtomicBoolean billingInterrupted = new AtomicBoolean();
		CountDownLatch finishReports = new CountDownLatch(1);
		CompletableFuture<Void> billing = runJob("billing", started, () -> {
			try {
				new CountDownLatch(1).await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				billingInterrupted.set(true);
			}
		});
		CompletableFuture<Void> reports = runJob("reports", started, () -> finishReports.await(10, TimeUnit.SECONDS));
		started.await(10, TimeUnit.SECONDS);
		assertThat(this.running.drain("billing", Duration.ofSeconds(10))).isTrue();
		billing.get(10, TimeUnit.SECONDS);
		assertThat(billingInterrupted).isTrue();
		assertThat(this.running.activeGroups()).containsExactly("reports");
		finishReports.countDown();
		reports.get(10, TimeUnit.SECONDS);
		assertThat(this.running.begin("billing")).as("drain does not stop new work").isTrue();
		this.running.end();
	}

	/**
	 * A leader-only call that calls another of the same group: when the inner call ends,
	 * the outer one is still running, and a drain (yield) waits for it.
	 */
	@Test
	void drainWaitsForTheOuterCallOfNestedCalls() throws Exception {
		CountDownLatch innerEnded = new CountDownLatch(1);
		CountDownLatch finishOuter = new CountDownLatch(1);
		CompletableFuture<Void> outer = runJob("billing", new CountDownLatch(1), () -> {
			assertThat(this.running.begin("billing")).isTrue();
			this.running.end();
			innerEnded.countDown();
			// Work that ignores interrupts, like JDBC I/O.
			boolean finished = false;
			while (!finished) {
				try {
					finished = finishOuter.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					// ignored, as such work does
				}
			}
		});
		assertThat(innerEnded.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.running.activeGroups()).containsExactly("billing");
		assertThat(this.running.drain("billing", Duration.ofMillis(300))).as("drained while the outer call runs")
			.isFalse();
		finishOuter.countDown();
		outer.get(10, TimeUnit.SECONDS);
		assertThat(this.running.drain("billing", Duration.ofSeconds(10))).isTrue();
		assertThat(this.running.activeGroups()).isEmpty();
	}

	private CompletableFuture<Void> runJob(String group, CountDownLatch started, Work work) {
		return CompletableFuture.runAsync(() -> {
			assertThat(this.running.begin(group)).isTrue();
			try {
				started.countDown();
				work.run();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.running.end();
			}
		}, (runnable) -> new Thread(runnable).start());
	}

	@FunctionalInterface
	interface Work {

		void run() throws InterruptedException;

	}

}
