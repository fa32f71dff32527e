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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;
import dev.leader.engine.CoordinatorEngine;
import dev.leader.engine.CoordinatorOptions;
import dev.leader.engine.Eligibility;
import dev.leader.engine.HistoryRetention;
import dev.leader.engine.LeadershipChanges;
import dev.leader.engine.PlacementPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease campaign as a state machine, on a hand-driven clock and host: the rules of
 * the local belief hold whatever the timing of the store's answers.
 */
class GroupCampaignTests {

	private static final LeaseTimings TIMINGS = new LeaseTimings(Duration.ofSeconds(10), Duration.ofSeconds(3),
			Duration.ofSeconds(1));

	private static final long VALIDITY = TIMINGS.localValidity().toNanos();

	private final List<LeadershipEvent> events = new CopyOnWriteArrayList<>();

	private final ManualHost host = new ManualHost();

	private final Engine engine = new Engine(
			new CoordinatorOptions("node", Set.of(), this.events::add, Clock.systemUTC(), (group) -> {
			}, (group, reason) -> {
			}, LeaseObserver.NONE, Eligibility.ANY, false, HistoryRetention.DEFAULTS, PlacementPolicy.NONE));

	private final GroupCampaign campaign = new GroupCampaign("jobs", TIMINGS, this.host,
			this.engine.leadershipChanges());

	@AfterEach
	void stopEvents() {
		this.engine.stop();
	}

	@Test
	void leadsUntilTheValidityAfterTheSendTimeOfTheAcquisition() {
		long sentAt = lead();
		this.host.advanceTo(sentAt + VALIDITY - 1);
		assertThat(this.campaign.isLeader()).isTrue();
		this.host.advanceTo(sentAt + VALIDITY);
		assertThat(this.campaign.isLeader()).as("at the deadline, with no renewal answered").isFalse();
		assertThat(this.campaign.token()).isEmpty();
	}

	@Test
	void aRenewalExtendsTheBeliefFromItsSendTimeNotFromItsAnswer() {
		lead();
		CampaignStep renewal = takeRenewal();
		long sentAt = this.host.nanoTime();
		this.host.advance(Duration.ofSeconds(2));
		this.campaign.renewed(renewal, sentAt, true);
		this.host.advanceTo(sentAt + VALIDITY - 1);
		assertThat(this.campaign.isLeader()).isTrue();
		this.host.advanceTo(sentAt + VALIDITY);
		assertThat(this.campaign.isLeader()).isFalse();
	}

	@Test
	void aRenewalAnsweredAfterTheDeadlineStepsDownInsteadOfExtending() {
		lead();
		CampaignStep renewal = takeRenewal();
		long sentAt = this.host.nanoTime();
		this.host.advanceTo(sentAt + VALIDITY);
		this.campaign.renewed(renewal, sentAt, true);
		assertThat(this.campaign.isLeader()).isFalse();
		awaitRevoked(RevocationReason.STORE_UNREACHABLE);
	}

	@Test
	void anAcquisitionAnsweredTooLateIsNotAGrantAndIsRetriedAtOnce() {
		this.campaign.start();
		CampaignStep attempt = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attempt).isNotNull();
		this.host.answerAfter(Duration.ofNanos(VALIDITY));
		this.campaign.acquire(attempt);
		assertThat(this.campaign.isLeader()).isFalse();
		CampaignStep next = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(next).as("a new attempt, due now").isNotNull();
		assertThat(next.isRenewal()).as("not a renewal of a grant").isFalse();
		assertThat(this.events).isEmpty();
	}

	@Test
	void theDeadlineTimerStepsDownAtTheDeadlineWhileRenewalsHang() {
		long sentAt = lead();
		takeRenewal();
		this.host.advanceTo(sentAt + VALIDITY / 2);
		this.host.fireTimerChecks();
		assertThat(this.campaign.isLeader()).as("fired early: re-armed").isTrue();
		assertThat(this.host.timerChecks).hasSize(1);
		assertThat(this.host.timerChecks.get(0).dueAt()).isEqualTo(sentAt + VALIDITY);
		this.host.advanceTo(sentAt + VALIDITY);
		this.host.fireTimerChecks();
		awaitRevoked(RevocationReason.STORE_UNREACHABLE);
	}

	@Test
	void aRenewalThatLandsAfterAStepDownDoesNotBringTheBeliefBack() {
		lead();
		CampaignStep renewal = takeRenewal();
		long sentAt = this.host.nanoTime();
		this.campaign.refuted(this.campaign.token().orElseThrow(), "bumped in the store");
		assertThat(this.campaign.isLeader()).isFalse();
		this.campaign.renewed(renewal, sentAt, true);
		assertThat(this.campaign.isLeader()).as("the renewal was sent for the lease given up").isFalse();
		this.host.advance(TIMINGS.retryInterval());
		CampaignStep attempt = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attempt).as("campaigning again after the retry interval").isNotNull();
		this.campaign.acquire(attempt);
		assertThat(this.campaign.token()).map(FencingToken::value).contains(2L);
		awaitRevoked(RevocationReason.LEASE_LOST);
	}

	/**
	 * A release tells the store why, for its history: the reason of the yield or stop; a
	 * lease acquired by a step that lands after the stop is given back with the stop's
	 * reason.
	 */
	@Test
	void releasesTellTheStoreTheReasonForItsHistory() {
		lead();
		assertThat(this.campaign.yieldLeadership()).isTrue();
		this.host.advance(TIMINGS.handoverWindow());
		CampaignStep attempt = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attempt).isNotNull();
		this.campaign.acquire(attempt);
		this.campaign.stop(RevocationReason.DRAINED);
		GroupCampaign other = new GroupCampaign("other", TIMINGS, this.host, this.engine.leadershipChanges());
		other.start();
		CampaignStep attemptOfOther = other.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attemptOfOther).isNotNull();
		other.acquire(attemptOfOther);
		assertThat(other.isLeader()).isTrue();
		other.stop(RevocationReason.SHUTDOWN);
		assertThat(this.host.releases).containsExactly(LeadershipEnd.YIELDED, LeadershipEnd.DRAINED,
				LeadershipEnd.SHUTDOWN);
	}

	/**
	 * A direct takeover (fast failover, after the end of the holder's session) is a step
	 * taken outside the rounds: only while following with no step in flight, and not
	 * while this node would leave the group to a node with room.
	 */
	@Test
	void aDirectTakeoverStepIsTakenOnlyWhileFollowingWithNoStepInFlight() {
		assertThat(this.campaign.takeOverStep()).as("not campaigning").isNull();
		this.campaign.start();
		CampaignStep attempt = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attempt).isNotNull();
		assertThat(this.campaign.takeOverStep()).as("an attempt in flight").isNull();
		this.campaign.following(attempt, Duration.ofSeconds(5).toNanos(), this.host.nanoTime(), this.host.deferral);
		this.host.deferral = Duration.ofMillis(300).toNanos();
		assertThat(this.campaign.takeOverStep()).as("at its share: a node with room goes first").isNull();
		this.host.deferral = 0;
		CampaignStep direct = this.campaign.takeOverStep();
		assertThat(direct).isNotNull();
		assertThat(direct.isRenewal()).isFalse();
		assertThat(this.campaign.takeStep(this.host.nanoTime() + Duration.ofSeconds(5).toNanos(), 0, 0))
			.as("the read it replaces is no longer scheduled, and one step is in flight at most")
			.isNull();
		this.campaign.takeOverDirectly(direct, staleLease());
		assertThat(this.campaign.token()).map(FencingToken::value).contains(1L);
		assertThat(this.campaign.takeOverStep()).as("leading").isNull();
	}

	/**
	 * A direct takeover whose read was stale (the store's conditional takeover found
	 * another holder or token) grants nothing, and the campaign reads at once instead of
	 * after the retry interval.
	 */
	@Test
	void aDirectTakeoverThatTakesNothingReadsAtOnce() {
		this.campaign.start();
		CampaignStep attempt = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attempt).isNotNull();
		this.campaign.following(attempt, Duration.ofSeconds(5).toNanos(), this.host.nanoTime(), this.host.deferral);
		CampaignStep direct = this.campaign.takeOverStep();
		assertThat(direct).isNotNull();
		this.host.takeOverFinds = false;
		this.campaign.takeOverDirectly(direct, staleLease());
		assertThat(this.campaign.isLeader()).isFalse();
		assertThat(this.events).isEmpty();
		CampaignStep read = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(read).as("the normal path's read, due now").isNotNull();
		assertThat(read.isRenewal()).isFalse();
	}

	private static Lease staleLease() {
		Instant now = Instant.now();
		return new Lease("jobs", "other#0000beef", 7, now, now, now.plusSeconds(5), now);
	}

	private long lead() {
		this.campaign.start();
		CampaignStep attempt = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(attempt).isNotNull();
		long sentAt = this.host.nanoTime();
		this.campaign.acquire(attempt);
		assertThat(this.campaign.token()).map(FencingToken::value).contains(1L);
		return sentAt;
	}

	private CampaignStep takeRenewal() {
		this.host.advance(TIMINGS.renewInterval());
		CampaignStep renewal = this.campaign.takeStep(this.host.nanoTime(), 0, 0);
		assertThat(renewal).isNotNull();
		assertThat(renewal.isRenewal()).isTrue();
		return renewal;
	}

	private void awaitRevoked(RevocationReason reason) {
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.events).filteredOn(LeadershipRevokedEvent.class::isInstance)
				.extracting((event) -> ((LeadershipRevokedEvent) event).getReason())
				.containsExactly(reason));
	}

	/**
	 * A host whose clock moves only when the test says, whose store grants increasing
	 * tokens, and whose timer checks run when the test fires them.
	 */
	static final class ManualHost implements CampaignHost {

		private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(5));

		private final AtomicLong tokens = new AtomicLong();

		private final List<TimerCheck> timerChecks = new ArrayList<>();

		private final List<LeadershipEnd> releases = new CopyOnWriteArrayList<>();

		private Duration answerDelay = Duration.ZERO;

		/** The placement's delay of an acquisition. */
		private long deferral;

		/** Whether a takeover finds the holder and token it is conditional on. */
		private boolean takeOverFinds = true;

		void advance(Duration duration) {
			this.nanos.addAndGet(duration.toNanos());
		}

		void advanceTo(long nanoTime) {
			this.nanos.set(nanoTime);
		}

		/** The next acquisition is answered after this long. */
		void answerAfter(Duration delay) {
			this.answerDelay = delay;
		}

		void fireTimerChecks() {
			List<TimerCheck> due = new ArrayList<>(this.timerChecks);
			this.timerChecks.clear();
			due.forEach((check) -> check.check().run());
		}

		@Override
		public long nanoTime() {
			return this.nanos.get();
		}

		@Override
		public String nodeId() {
			return "node";
		}

		@Override
		public String instanceId() {
			return "node#0000abcd";
		}

		@Override
		public String storeDescription() {
			return "manual";
		}

		@Override
		public OptionalLong acquire(String group, Duration leaseDuration, Duration lockWait) {
			advance(this.answerDelay);
			this.answerDelay = Duration.ZERO;
			return OptionalLong.of(this.tokens.incrementAndGet());
		}

		@Override
		public OptionalLong takeOver(String group, Lease from, Duration leaseDuration, Duration lockWait) {
			return this.takeOverFinds ? acquire(group, leaseDuration, lockWait) : OptionalLong.empty();
		}

		@Override
		public void release(String group, long token, LeadershipEnd reason) {
			this.releases.add(reason);
		}

		@Override
		public boolean isWatchingReleases() {
			return false;
		}

		@Override
		public @Nullable ScheduledFuture<?> scheduleRound(long delayNanos) {
			return null;
		}

		@Override
		public void requestRound() {
		}

		@Override
		public @Nullable ScheduledFuture<?> scheduleTimerCheck(Runnable check, long delayNanos) {
			this.timerChecks.add(new TimerCheck(check, nanoTime() + delayNanos));
			return null;
		}

		@Override
		public void renewalObserved(String group, Duration took, boolean success) {
		}

		@Override
		public long acquisitionDelayNanos(String group) {
			return this.deferral;
		}

		@Override
		public long roomOpenings() {
			return 0;
		}

	}

	record TimerCheck(Runnable check, long dueAt) {

	}

	/**
	 * The engine, only for the leadership changes it hands its campaigns.
	 */
	static final class Engine extends CoordinatorEngine<GroupCampaign> {

		Engine(CoordinatorOptions options) {
			super(options);
		}

		LeadershipChanges leadershipChanges() {
			return changes();
		}

		@Override
		protected GroupCampaign newCampaign(String group) {
			throw new UnsupportedOperationException();
		}

		@Override
		protected void startRun() {
		}

		@Override
		protected void stopRun(boolean wasRunning) {
		}

		@Override
		protected void verifyInStore(FencingToken token) {
		}

		@Override
		protected Duration eventDrainTimeout() {
			return Duration.ofSeconds(1);
		}

		@Override
		public String store() {
			return "manual";
		}

		@Override
		public Optional<Lease> lease(String group) {
			return Optional.empty();
		}

	}

}
