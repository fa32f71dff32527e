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

package dev.leader.test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ObjectAssert;

import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobOutcome;

/**
 * AssertJ assertions on the recorded calls of one leader-only job. Each outcome assertion
 * passes when at least one recorded call had that outcome; use {@link #neverRan()} to
 * check that no call ran, and {@link #lastCall()} or {@link #calls()} for anything finer.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see LeaderTestSupport#assertThatJob(String)
 */
public class LeaderJobAssert extends AbstractAssert<LeaderJobAssert, List<LeaderJobExecution>> {

	private final String job;

	private final Set<String> recordedJobs;

	/**
	 * Create assertions on one job's calls.
	 * @param job the job name, {@code SimpleClassName.method}
	 * @param calls the job's recorded calls, oldest first
	 * @param recordedJobs the names of every job with recorded calls, for messages
	 */
	public LeaderJobAssert(String job, List<LeaderJobExecution> calls, Set<String> recordedJobs) {
		super(List.copyOf(calls), LeaderJobAssert.class);
		this.job = job;
		this.recordedJobs = Set.copyOf(recordedJobs);
	}

	/**
	 * At least one call ran (this node led the group and the method returned normally).
	 * @return this
	 */
	public LeaderJobAssert ran() {
		return hasOutcome(LeaderJobOutcome.RAN);
	}

	/**
	 * Exactly {@code times} calls ran.
	 * @param times how many calls should have run
	 * @return this
	 */
	public LeaderJobAssert ran(int times) {
		isCalled();
		long ran = count(LeaderJobOutcome.RAN);
		if (ran != times) {
			failWithMessage("Expected leader job '%s' to have run %d time(s) but it ran %d time(s); calls: %s",
					this.job, times, ran, describeCalls());
		}
		return this;
	}

	/**
	 * At least one call was skipped because this node did not lead the group.
	 * @return this
	 */
	public LeaderJobAssert skipped() {
		return hasOutcome(LeaderJobOutcome.SKIPPED);
	}

	/**
	 * At least one call was fenced: its token was stale, so it was refused before it ran
	 * (or the method threw a {@code FencingException}).
	 * @return this
	 */
	public LeaderJobAssert fenced() {
		return hasOutcome(LeaderJobOutcome.FENCED);
	}

	/**
	 * At least one call ran and threw, or its token could not be verified.
	 * @return this
	 */
	public LeaderJobAssert failed() {
		return hasOutcome(LeaderJobOutcome.FAILED);
	}

	/**
	 * No call ran (the job may have been called and skipped or fenced).
	 * @return this
	 */
	public LeaderJobAssert neverRan() {
		isNotNull();
		if (count(LeaderJobOutcome.RAN) > 0) {
			failWithMessage("Expected leader job '%s' never to have run but it ran; calls: %s", this.job,
					describeCalls());
		}
		return this;
	}

	/**
	 * Assertions on the job's latest call.
	 * @return assertions on the call
	 */
	public ObjectAssert<LeaderJobExecution> lastCall() {
		isCalled();
		return Assertions.assertThat(this.actual.get(this.actual.size() - 1));
	}

	/**
	 * Assertions on every recorded call of the job, oldest first.
	 * @return assertions on the calls
	 */
	public ListAssert<LeaderJobExecution> calls() {
		isNotNull();
		return Assertions.assertThat(this.actual);
	}

	private LeaderJobAssert hasOutcome(LeaderJobOutcome outcome) {
		isCalled();
		if (count(outcome) == 0) {
			failWithMessage("Expected leader job '%s' to have a call %s but it has none; calls: %s", this.job, outcome,
					describeCalls());
		}
		return this;
	}

	private void isCalled() {
		isNotNull();
		if (this.actual.isEmpty()) {
			failWithMessage("Expected leader job '%s' to have been called but no call was recorded; recorded jobs: %s "
					+ "(jobs are named SimpleClassName.method)", this.job, this.recordedJobs);
		}
	}

	private long count(LeaderJobOutcome outcome) {
		return this.actual.stream().filter((execution) -> execution.outcome() == outcome).count();
	}

	private String describeCalls() {
		return this.actual.stream()
			.map((execution) -> execution.outcome()
					+ ((execution.token() != null) ? " (" + execution.token() + ")" : "")
					+ ((execution.failure() != null) ? " " + execution.failure() : ""))
			.collect(Collectors.joining(", ", "[", "]"));
	}

}
