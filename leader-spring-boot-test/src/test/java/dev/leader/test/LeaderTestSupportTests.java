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

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.Lease;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link LeaderTestSupport} and {@link LeaderJobAssert} on their own: waiting for
 * leadership, the coordinator it needs, and the assertions' messages.
 */
class LeaderTestSupportTests {

	private final RecordedLeaderJobs jobs = new RecordedLeaderJobs();

	@Test
	void awaitLeadershipReturnsWhenAnotherThreadGrantsTheGroup() throws Exception {
		LeaderTestSupport[] support = new LeaderTestSupport[1];
		InMemoryLeaderCoordinator coordinator = InMemoryLeaderCoordinator.builder()
			.leadNone()
			.listener((event) -> support[0].onApplicationEvent(event))
			.build();
		support[0] = new LeaderTestSupport(coordinator, this.jobs);
		coordinator.start();

		CompletableFuture<FencingToken> awaited = CompletableFuture
			.supplyAsync(() -> support[0].awaitLeadership("a", Duration.ofSeconds(30)));
		FencingToken granted = coordinator.grant("a");

		assertThat(awaited.get(30, TimeUnit.SECONDS)).isEqualTo(granted);
	}

	@Test
	void awaitLeadershipFailsWithAMessageWhenTheGroupIsNotLed() {
		InMemoryLeaderCoordinator coordinator = InMemoryLeaderCoordinator.builder().leadNone().build();
		coordinator.start();
		LeaderTestSupport support = new LeaderTestSupport(coordinator, this.jobs);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> support.awaitLeadership("a", Duration.ofMillis(50)))
			.withMessageContaining("did not lead group 'a' within 50 ms")
			.withMessageContaining("LeaderTestSupport.grant(\"a\")");
	}

	@Test
	void switchingLeadershipNeedsTheInMemoryCoordinator() {
		LeaderTestSupport support = new LeaderTestSupport(new FixedCoordinator(), this.jobs);
		assertThatIllegalStateException().isThrownBy(() -> support.grant("a"))
			.withMessageContaining("LeaderTestSupport.grant needs the in-memory coordinator")
			.withMessageContaining("jdbc:h2")
			.withMessageContaining("@AutoConfigureLeader");
		assertThat(support.awaitLeadership("a")).isEqualTo(new FencingToken("a", 7, "node"));
	}

	@Test
	void resetForgetsTheRecordedCalls() {
		LeaderTestSupport support = new LeaderTestSupport(new FixedCoordinator(), this.jobs);
		this.jobs.onExecution(execution("Billing.chargeDue", LeaderJobOutcome.RAN));
		support.reset();
		assertThat(this.jobs.executions()).isEmpty();
	}

	@Test
	void jobAssertionsPassOnAnyCallWithTheOutcome() {
		record("Billing.chargeDue", LeaderJobOutcome.SKIPPED);
		record("Billing.chargeDue", LeaderJobOutcome.RAN);
		record("Billing.chargeDue", LeaderJobOutcome.FENCED);
		record("Billing.chargeDue", LeaderJobOutcome.FAILED);
		record("Reports.refresh", LeaderJobOutcome.SKIPPED);

		support().assertThatJob("Billing.chargeDue").ran().ran(1).skipped().fenced().failed();
		support().assertThatJob("Billing.chargeDue")
			.lastCall()
			.extracting(LeaderJobExecution::outcome)
			.isEqualTo(LeaderJobOutcome.FAILED);
		support().assertThatJob("Billing.chargeDue").calls().hasSize(4);
		support().assertThatJob("Reports.refresh").skipped().neverRan();
	}

	@Test
	void jobAssertionsSayWhichCallsWereRecorded() {
		record("Billing.chargeDue", LeaderJobOutcome.SKIPPED);
		record("Billing.chargeDue", LeaderJobOutcome.RAN);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> support().assertThatJob("Billing.chargeDue").fenced())
			.withMessageContaining("Expected leader job 'Billing.chargeDue' to have a call FENCED but it has none")
			.withMessageContaining("[SKIPPED, RAN (a#1@node)]");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> support().assertThatJob("Billing.chargeDue").neverRan())
			.withMessageContaining("never to have run but it ran");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> support().assertThatJob("Billing.chargeDue").ran(2))
			.withMessageContaining("to have run 2 time(s) but it ran 1 time(s)");
	}

	@Test
	void jobAssertionsNameTheRecordedJobsWhenTheJobWasNeverCalled() {
		record("BillingJob.chargeDueSubscriptions", LeaderJobOutcome.RAN);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> support().assertThatJob("Billing.chargeDue").ran())
			.withMessageContaining("no call was recorded; recorded jobs: [BillingJob.chargeDueSubscriptions]")
			.withMessageContaining("SimpleClassName.method");
	}

	private LeaderTestSupport support() {
		return new LeaderTestSupport(new FixedCoordinator(), this.jobs);
	}

	private void record(String job, LeaderJobOutcome outcome) {
		this.jobs.onExecution(execution(job, outcome));
	}

	private static LeaderJobExecution execution(String job, LeaderJobOutcome outcome) {
		FencingToken token = (outcome != LeaderJobOutcome.SKIPPED) ? new FencingToken("a", 1, "node") : null;
		return new LeaderJobExecution(job, "a", outcome, token, Instant.now(), Duration.ZERO, null);
	}

	/**
	 * A coordinator that is not the in-memory one, and leads every group with token 7.
	 */
	private static final class FixedCoordinator implements LeaderCoordinator {

		@Override
		public boolean drain(String group) {
			return false;
		}

		@Override
		public boolean resume(String group) {
			return false;
		}

		@Override
		public Set<String> drainedGroups() {
			return Set.of();
		}

		@Override
		public String nodeId() {
			return "node";
		}

		@Override
		public String store() {
			return "jdbc:h2";
		}

		@Override
		public void campaign(String group) {
		}

		@Override
		public boolean isLeader(String group) {
			return true;
		}

		@Override
		public Optional<FencingToken> token(String group) {
			return Optional.of(new FencingToken(group, 7, "node"));
		}

		@Override
		public Optional<Lease> lease(String group) {
			return Optional.empty();
		}

		@Override
		public void verify(FencingToken token) {
		}

		@Override
		public boolean yield(String group) {
			return false;
		}

		@Override
		public Set<String> groups() {
			return Set.of();
		}

	}

}
