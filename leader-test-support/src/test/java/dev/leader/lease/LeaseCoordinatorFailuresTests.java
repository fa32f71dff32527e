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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.test.FakeLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the engine does when a store call fails in an unusual way or a listener hangs: the
 * campaign never gets stuck, and a lost lease is acted on without waiting for listeners.
 */
class LeaseCoordinatorFailuresTests {

	private static final Duration LEASE = Duration.ofMillis(1000);

	private LeaseCoordinator coordinator;

	@AfterEach
	void stop() {
		if (this.coordinator != null) {
			this.coordinator.stop();
		}
	}

	/**
	 * An {@link Error} thrown by the store (a linkage error in a driver, an assertion)
	 * ends the round like any failure: the campaign tries again and leads.
	 */
	@Test
	void anErrorInAnAttemptDoesNotStopTheCampaign() {
		ErringStore store = new ErringStore();
		store.acquireErrors.set(1);
		this.coordinator = start(store, (event) -> {
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.coordinator.isLeader("g"));
		assertThat(store.acquireErrors).hasValue(0);
	}

	/**
	 * An {@link Error} thrown by a renewal: the leader keeps trying while its local lease
	 * lasts and goes on leading once renewals succeed again.
	 */
	@Test
	void anErrorInARenewalIsRetriedWhileTheLocalLeaseLasts() {
		ErringStore store = new ErringStore();
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		this.coordinator = start(store, events::add);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.coordinator.isLeader("g"));
		store.renewErrors.set(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> store.renewErrors.get() == 0);
		await().during(LEASE.multipliedBy(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.coordinator.isLeader("g"));
		assertThat(events).noneMatch(LeadershipRevokedEvent.class::isInstance);
	}

	/**
	 * When the lease is lost, the step-down hook runs on the coordinator's own thread at
	 * once, even while a leadership listener hangs on the event thread.
	 */
	@Test
	void lostLeaseIsReportedToTheStepDownHookWhileAListenerHangs() throws InterruptedException {
		ErringStore store = new ErringStore();
		CountDownLatch listenerBlocked = new CountDownLatch(1);
		CountDownLatch releaseListener = new CountDownLatch(1);
		CountDownLatch lost = new CountDownLatch(1);
		this.coordinator = LeaseCoordinator.builder(store)
			.nodeId("hook")
			.timings(LEASE, Duration.ofMillis(250), Duration.ofMillis(100))
			.groups("g")
			.listener((event) -> {
				listenerBlocked.countDown();
				try {
					releaseListener.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			})
			.leadershipLost((group, reason) -> {
				if (group.equals("g") && reason == RevocationReason.LEASE_LOST) {
					lost.countDown();
				}
			})
			.build();
		this.coordinator.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.coordinator.isLeader("g"));
			assertThat(listenerBlocked.await(5, TimeUnit.SECONDS)).isTrue();
			store.holdElsewhere("g", "usurper", Duration.ofSeconds(30));
			assertThat(lost.await(5, TimeUnit.SECONDS)).as("step-down hook called while the listener hangs").isTrue();
			assertThat(this.coordinator.isLeader("g")).isFalse();
		}
		finally {
			releaseListener.countDown();
		}
	}

	/**
	 * The store's answer to a fencing check can arrive late: read while the lease was
	 * current, delivered after this node's own belief lapsed (its renewals failed
	 * meanwhile). The check must then refuse the token, not pass on the stale answer.
	 */
	@Test
	void aFencingCheckAnsweredAfterTheLocalBeliefLapsedRefusesTheToken() {
		SlowAnswerStore store = new SlowAnswerStore();
		this.coordinator = start(store, (event) -> {
		});
		store.coordinator = this.coordinator;
		await().atMost(Duration.ofSeconds(5)).until(() -> this.coordinator.isLeader("g"));
		FencingToken token = this.coordinator.token("g").orElseThrow();
		store.slowAnswersTo = Thread.currentThread();
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.coordinator.verify(token))
			.withMessageContaining("no longer leads group 'g'");
		assertThat(store.answeredLate).as("the store's answer said the lease was current").isTrue();
	}

	private LeaseCoordinator start(LeaseStore store, dev.leader.LeadershipListener listener) {
		LeaseCoordinator started = LeaseCoordinator.builder(store)
			.nodeId("erring")
			.timings(LEASE, Duration.ofMillis(250), Duration.ofMillis(100))
			.groups("g")
			.listener(listener)
			.build();
		started.start();
		return started;
	}

	/**
	 * A store that throws an {@link Error} from its next calls while told to.
	 */
	private static final class ErringStore extends DelegatingLeaseStore {

		final AtomicInteger acquireErrors = new AtomicInteger();

		final AtomicInteger renewErrors = new AtomicInteger();

		ErringStore() {
			super(new FakeLeaseStore());
		}

		long holdElsewhere(String group, String holder, Duration duration) {
			return ((FakeLeaseStore) delegate()).holdElsewhere(group, holder, duration);
		}

		@Override
		public OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout) {
			if (this.acquireErrors.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new NoClassDefFoundError("a driver class that failed to load");
			}
			return super.acquire(group, holder, leaseDuration, timeout);
		}

		@Override
		public Set<String> renewAll(String holder, Map<String, Long> tokens, Duration leaseDuration, Duration timeout) {
			if (this.renewErrors.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				throw new AssertionError("a store that broke its contract");
			}
			return super.renewAll(holder, tokens, leaseDuration, timeout);
		}

	}

	/**
	 * A store whose answer to a read from one thread is read at once but delivered only
	 * after the coordinator stopped believing it leads: its renewals fail from then on.
	 */
	private static final class SlowAnswerStore extends DelegatingLeaseStore {

		volatile @Nullable Thread slowAnswersTo;

		volatile @Nullable LeaseCoordinator coordinator;

		volatile boolean renewalsFail;

		volatile boolean answeredLate;

		SlowAnswerStore() {
			super(new FakeLeaseStore());
		}

		@Override
		public Optional<Lease> read(String group, Duration timeout) {
			Optional<Lease> answer = super.read(group, timeout);
			LeaseCoordinator watched = this.coordinator;
			if (Thread.currentThread() == this.slowAnswersTo && watched != null) {
				this.renewalsFail = true;
				await().atMost(Duration.ofSeconds(10)).until(() -> watched.token(group).isEmpty());
				this.answeredLate = answer.isPresent() && answer.get().isActive();
			}
			return answer;
		}

		@Override
		public boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout) {
			if (this.renewalsFail) {
				throw new IllegalStateException("the store does not answer renewals");
			}
			return super.renew(group, holder, token, leaseDuration, timeout);
		}

		@Override
		public Set<String> renewAll(String holder, Map<String, Long> tokens, Duration leaseDuration, Duration timeout) {
			if (this.renewalsFail) {
				throw new IllegalStateException("the store does not answer renewals");
			}
			return super.renewAll(holder, tokens, leaseDuration, timeout);
		}

	}

}
