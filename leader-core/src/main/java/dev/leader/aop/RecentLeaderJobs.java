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
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;

/**
 * Keeps, per leader-only job, its latest call and how often each outcome happened, for
 * the actuator endpoint. Bounded by the number of annotated methods.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class RecentLeaderJobs implements LeaderJobListener {

	private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();

	@Override
	public void onExecution(LeaderJobExecution execution) {
		// Recorded inside compute: a new record becomes visible to summaries() only once
		// it holds its first call.
		this.jobs.compute(execution.job(), (name, existing) -> {
			JobRecord record = (existing != null) ? existing : new JobRecord(name, execution.group());
			record.record(execution);
			return record;
		});
	}

	/**
	 * A snapshot of every job seen so far, sorted by name.
	 * @return the job summaries
	 */
	public List<JobSummary> summaries() {
		Collection<JobRecord> records = this.jobs.values();
		return records.stream().map(JobRecord::summary).sorted(Comparator.comparing(JobSummary::job)).toList();
	}

	/**
	 * What an operator wants to know of one job.
	 *
	 * @param job the job name
	 * @param group the lease group
	 * @param lastCallAt when it was last called on this node (any outcome)
	 * @param lastOutcome the outcome of that call
	 * @param lastDuration how long that call took
	 * @param lastRanAt when it last ran on this node, or {@code null}
	 * @param lastToken the token of the last run, or {@code null}
	 * @param lastFailure the message of the last failure, or {@code null}
	 * @param counts how often each outcome happened on this node
	 */
	public record JobSummary(String job, String group, Instant lastCallAt, LeaderJobOutcome lastOutcome,
			Duration lastDuration, @Nullable Instant lastRanAt, @Nullable Long lastToken, @Nullable String lastFailure,
			Map<LeaderJobOutcome, Long> counts) {

	}

	private static final class JobRecord {

		private final String job;

		private final String group;

		private final Map<LeaderJobOutcome, LongAdder> counts = new EnumMap<>(LeaderJobOutcome.class);

		private volatile @Nullable LeaderJobExecution last;

		private volatile @Nullable LeaderJobExecution lastRun;

		private volatile @Nullable String lastFailure;

		JobRecord(String job, String group) {
			this.job = job;
			this.group = group;
			for (LeaderJobOutcome outcome : LeaderJobOutcome.values()) {
				this.counts.put(outcome, new LongAdder());
			}
		}

		void record(LeaderJobExecution execution) {
			// Filled with every outcome up front: never written here.
			this.counts.computeIfAbsent(execution.outcome(), (outcome) -> new LongAdder()).increment();
			this.last = execution;
			if (execution.outcome() == LeaderJobOutcome.RAN) {
				this.lastRun = execution;
			}
			if (execution.failure() != null) {
				this.lastFailure = String.valueOf(execution.failure().getMessage());
			}
		}

		JobSummary summary() {
			// A record exists only once a call was recorded.
			LeaderJobExecution latest = Objects.requireNonNull(this.last, "no call recorded");
			LeaderJobExecution run = this.lastRun;
			FencingToken runToken = (run != null) ? run.token() : null;
			Map<LeaderJobOutcome, Long> snapshot = new EnumMap<>(LeaderJobOutcome.class);
			this.counts.forEach((outcome, count) -> snapshot.put(outcome, count.sum()));
			return new JobSummary(this.job, this.group, latest.startedAt(), latest.outcome(), latest.duration(),
					(run != null) ? run.startedAt() : null, (runToken != null) ? runToken.value() : null,
					this.lastFailure, snapshot);
		}

	}

}
