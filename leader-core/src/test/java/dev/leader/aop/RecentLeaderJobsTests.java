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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the actuator endpoint shows of the leader-only jobs.
 */
class RecentLeaderJobsTests {

	private final RecentLeaderJobs jobs = new RecentLeaderJobs();

	@Test
	void summarizesTheLatestCallTheLatestRunAndTheCounts() {
		Instant first = Instant.parse("2026-01-01T00:00:00Z");
		FencingToken token = new FencingToken("billing", 7, "node-1#0000000a");
		this.jobs.onExecution(execution("Billing.charge", LeaderJobOutcome.RAN, token, first));
		this.jobs.onExecution(execution("Billing.charge", LeaderJobOutcome.SKIPPED, null, first.plusSeconds(1)));
		assertThat(this.jobs.summaries()).singleElement().satisfies((summary) -> {
			assertThat(summary.job()).isEqualTo("Billing.charge");
			assertThat(summary.group()).isEqualTo("billing");
			assertThat(summary.lastCallAt()).isEqualTo(first.plusSeconds(1));
			assertThat(summary.lastOutcome()).isEqualTo(LeaderJobOutcome.SKIPPED);
			assertThat(summary.lastRanAt()).isEqualTo(first);
			assertThat(summary.lastToken()).isEqualTo(7);
			assertThat(summary.counts()).containsEntry(LeaderJobOutcome.RAN, 1L)
				.containsEntry(LeaderJobOutcome.SKIPPED, 1L);
		});
	}

	/**
	 * A job's first call and a read of the summaries at the same time (the actuator
	 * endpoint while the job starts): the read never sees a job without a call. The
	 * writer fills many small registries one after the other, so that the reader, which
	 * reads the newest, often meets a job in its first call.
	 */
	@Test
	void aJobAppearsOnlyWithItsFirstCall() {
		AtomicReference<RecentLeaderJobs> current = new AtomicReference<>(new RecentLeaderJobs());
		AtomicBoolean done = new AtomicBoolean();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try {
				for (int round = 0; round < 20_000; round++) {
					RecentLeaderJobs fresh = new RecentLeaderJobs();
					current.set(fresh);
					for (int job = 0; job < 10; job++) {
						fresh.onExecution(execution("job-" + job, LeaderJobOutcome.RAN, null, Instant.EPOCH));
					}
				}
			}
			finally {
				done.set(true);
			}
		});
		long reads = 0;
		while (!done.get()) {
			List<RecentLeaderJobs.JobSummary> summaries = current.get().summaries();
			assertThat(summaries).allSatisfy((summary) -> assertThat(summary.lastCallAt()).isNotNull());
			reads++;
		}
		writer.join();
		assertThat(current.get().summaries()).hasSize(10);
		assertThat(reads).isPositive();
	}

	private static LeaderJobExecution execution(String job, LeaderJobOutcome outcome, FencingToken token,
			Instant startedAt) {
		return new LeaderJobExecution(job, "billing", outcome, token, startedAt, Duration.ofMillis(3), null);
	}

}
