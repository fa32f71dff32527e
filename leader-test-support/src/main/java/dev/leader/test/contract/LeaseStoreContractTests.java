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

package dev.leader.test.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.Lease;
import dev.leader.lease.LeaseStore;
import dev.leader.lease.LockStore;
import dev.leader.lease.ReleaseWatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link LeaseStore} promises, whatever keeps the leases: acquisition of a
 * free or expired lease with the next fencing token, renewal and release only by the
 * holder with its token, reads in store time, the batched {@code readAll} and
 * {@code renewAll}, the lock operations ({@code acquireExclusive}, {@code unlock}) and,
 * where the store can push them, release announcements. A store's suite extends this
 * class and says how to make the store ({@link #createStore()}), and, when one client of
 * the store differs from another (a connection pool, a session), how to make another
 * client of the same store ({@link #newClient()}).
 * <p>
 * Every test works on groups of its own ({@link #group} and names derived from it), so
 * the store may be shared by tests and by other suites.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class LeaseStoreContractTests {

	/** A lease far longer than any test. */
	protected static final Duration LONG_LEASE = Duration.ofSeconds(30);

	/** A lease that a test waits out. */
	protected static final Duration SHORT_LEASE = Duration.ofMillis(600);

	/** The timeout of every store call. */
	protected static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** The group of the current test, new for every test. */
	protected String group = "";

	private @Nullable LeaseStore store;

	/**
	 * The store under test, made before each test. Skip the test (with
	 * {@code Assumptions}) when the store is not available.
	 * @return the store, ready for use
	 */
	protected abstract LeaseStore createStore();

	/**
	 * Another client of the store under test, as another node (or the same node after a
	 * restart) would have: what one client wrote, the other sees. By default the store
	 * under test itself, for stores whose clients share nothing.
	 * @return another client of the same store
	 */
	protected LeaseStore newClient() {
		return store();
	}

	/**
	 * Whether the store announces releases ({@link LeaseStore#watchReleases}) with a
	 * watch that watches. By default not: then it offers no watch, or one that never
	 * watches.
	 * @return whether releases are announced
	 */
	protected boolean announcesReleases() {
		return false;
	}

	/**
	 * The store under test.
	 * @return the store made by {@link #createStore()} for the current test
	 */
	protected final LeaseStore store() {
		LeaseStore current = this.store;
		if (current == null) {
			throw new IllegalStateException("No store before createStore() ran");
		}
		return current;
	}

	/**
	 * The store under test as a {@link LockStore}: the lock tests need one (stores that
	 * serve ShedLock's {@code LeaseLockProvider} implement both interfaces).
	 * @return the store
	 */
	protected final LockStore lockStore() {
		if (store() instanceof LockStore locks) {
			return locks;
		}
		throw new IllegalStateException(store() + " is no LockStore; the lock tests of this suite need one");
	}

	@BeforeEach
	void createStoreAndGroup() {
		this.group = "contract-" + UUID.randomUUID();
		this.store = createStore();
	}

	@Test
	void storeIsReadyAndDescribesItself() {
		store().checkReady(TIMEOUT);
		assertThat(store().description()).isNotBlank();
	}

	@Test
	void firstAcquisitionOfAGroupGetsTokenOne() {
		assertThat(store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(1);
		Lease lease = store().read(this.group, TIMEOUT).orElseThrow();
		assertThat(lease.holder()).isEqualTo("node-a");
		assertThat(lease.token()).isEqualTo(1);
		assertThat(lease.isActive()).isTrue();
		assertThat(lease.expiresAt()).isAfter(lease.storeTime().plus(LONG_LEASE).minusSeconds(5));
	}

	@Test
	void heldLeaseCannotBeAcquiredByAnotherNode() {
		store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT);
		assertThat(store().acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).isEmpty();
		assertThat(store().read(this.group, TIMEOUT).orElseThrow().holder()).isEqualTo("node-a");
	}

	@Test
	void renewalKeepsTheTokenAndExtendsTheLease() {
		long token = store().acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		Lease before = store().read(this.group, TIMEOUT).orElseThrow();
		assertThat(store().renew(this.group, "node-a", token, LONG_LEASE, TIMEOUT)).isTrue();
		Lease after = store().read(this.group, TIMEOUT).orElseThrow();
		assertThat(after.token()).isEqualTo(token);
		assertThat(after.acquiredAt()).isEqualTo(before.acquiredAt());
		assertThat(after.expiresAt()).isAfter(before.expiresAt());
		assertThat(after.renewedAt()).isAfterOrEqualTo(before.renewedAt());
	}

	@Test
	void renewalFailsForAnotherHolderOrToken() {
		long token = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(store().renew(this.group, "node-b", token, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(store().renew(this.group, "node-a", token + 1, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(store().renew("never-leased-" + this.group, "node-a", token, LONG_LEASE, TIMEOUT)).isFalse();
	}

	@Test
	void expiredLeaseIsTakenOverWithTheNextTokenAndCannotBeRenewed() {
		long first = store().acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		awaitExpiry();
		assertThat(store().renew(this.group, "node-a", first, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(store().acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
		assertThat(store().renew(this.group, "node-a", first, LONG_LEASE, TIMEOUT)).isFalse();
	}

	@Test
	void reacquisitionBySameHolderAdvancesTheToken() {
		long first = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
		long token = store().acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		assertThat(token).isPositive();
		awaitExpiry();
		assertThat(store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(first + 3);
	}

	@Test
	void releaseFreesTheLeaseAtOnceAndKeepsTheToken() {
		long token = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(store().release(this.group, "node-a", token, TIMEOUT)).isTrue();
		Lease released = store().read(this.group, TIMEOUT).orElseThrow();
		assertThat(released.holder()).isNull();
		assertThat(released.token()).isEqualTo(token);
		assertThat(released.isActive()).isFalse();
		assertThat(store().acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).hasValue(token + 1);
	}

	@Test
	void releaseByAnotherHolderOrWithAnOldTokenChangesNothing() {
		long token = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(store().release(this.group, "node-b", token, TIMEOUT)).isFalse();
		assertThat(store().release(this.group, "node-a", token - 1, TIMEOUT)).isFalse();
		assertThat(store().read(this.group, TIMEOUT).orElseThrow().activeHolder()).hasValue("node-a");
	}

	@Test
	void tokenSurvivesANewClientOfTheStore() {
		long token = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		store().release(this.group, "node-a", token, TIMEOUT);
		LeaseStore restarted = newClient();
		assertThat(restarted.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(token + 1);
	}

	@Test
	void onlyOneOfManyRacingNodesAcquiresAFreshGroup() throws Exception {
		int nodes = 8;
		ExecutorService executor = Executors.newFixedThreadPool(nodes);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<OptionalLong>> results = new ArrayList<>();
			for (int i = 0; i < nodes; i++) {
				LeaseStore node = newClient();
				String holder = "node-" + i;
				results.add(executor.submit(() -> {
					start.await();
					return node.acquire(this.group, holder, LONG_LEASE, TIMEOUT);
				}));
			}
			start.countDown();
			List<Long> granted = new ArrayList<>();
			for (Future<OptionalLong> result : results) {
				result.get(20, TimeUnit.SECONDS).ifPresent(granted::add);
			}
			assertThat(granted).containsExactly(1L);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void readOfAGroupNeverLeasedIsEmpty() {
		assertThat(store().read(this.group, TIMEOUT)).isEmpty();
	}

	@Test
	void currentTokenPassesVerificationAndStaleOnesFail() {
		long first = store().acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		FencingToken current = new FencingToken(this.group, first, "node-a");
		store().read(this.group, TIMEOUT).orElseThrow().requireCurrent(current);
		awaitExpiry();
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> store().read(this.group, TIMEOUT).orElseThrow().requireCurrent(current))
			.withMessageContaining("expired");
		store().acquire(this.group, "node-b", LONG_LEASE, TIMEOUT);
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> store().read(this.group, TIMEOUT).orElseThrow().requireCurrent(current))
			.withMessageContaining("current token is " + (first + 1));
	}

	/**
	 * Instance ids ({@code <node-id>#<nonce>}, up to 137 characters) are what
	 * coordinators pass as holders: the store keeps them whole.
	 */
	@Test
	void holderAsLongAsTheLongestInstanceIdIsKept() {
		String instanceId = Identifiers.newInstanceId("n".repeat(128));
		assertThat(instanceId).hasSize(Identifiers.MAX_INSTANCE_LENGTH);
		long token = store().acquire(this.group, instanceId, LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(store().read(this.group, TIMEOUT).orElseThrow().holder()).isEqualTo(instanceId);
		assertThat(store().renew(this.group, instanceId, token, LONG_LEASE, TIMEOUT)).isTrue();
		assertThat(store().renewAll(instanceId, Map.of(this.group, token), LONG_LEASE, TIMEOUT))
			.containsExactly(this.group);
		assertThat(store().release(this.group, instanceId, token, TIMEOUT)).isTrue();
	}

	/**
	 * Group names are compared exactly: two that differ only in case are two leases.
	 */
	@Test
	void groupNamesThatDifferOnlyInCaseAreSeparateLeasesWithTokensOfTheirOwn() {
		String upper = "Billing-" + this.group;
		String lower = upper.toLowerCase(Locale.ROOT);
		long first = store().acquire(upper, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(store().acquire(lower, "node-b", LONG_LEASE, TIMEOUT)).hasValue(1);
		assertThat(store().release(upper, "node-a", first, TIMEOUT)).isTrue();
		assertThat(store().acquire(upper, "node-c", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
		Map<String, Lease> leases = store().readAll(List.of(upper, lower), TIMEOUT);
		assertThat(leaseOf(leases, upper).activeToken()).hasValue(new FencingToken(upper, first + 1, "node-c"));
		assertThat(leaseOf(leases, lower).activeToken()).hasValue(new FencingToken(lower, 1, "node-b"));
	}

	@Test
	void readAllReadsSeveralGroupsAndLeavesOutThoseNeverLeased() {
		String second = this.group + "-2";
		String never = this.group + "-never";
		long first = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		long other = store().acquire(second, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
		Map<String, Lease> leases = store().readAll(List.of(this.group, second, never), TIMEOUT);
		assertThat(leases).containsOnlyKeys(this.group, second);
		assertThat(leaseOf(leases, this.group).activeToken()).hasValue(new FencingToken(this.group, first, "node-a"));
		assertThat(leaseOf(leases, second).activeToken()).hasValue(new FencingToken(second, other, "node-b"));
		assertThat(leases.get(this.group)).isEqualTo(withStoreTime(store().read(this.group, TIMEOUT).orElseThrow(),
				leaseOf(leases, this.group).storeTime()));
		assertThat(store().readAll(List.of(), TIMEOUT)).isEmpty();
	}

	@Test
	void renewAllRenewsOnlyTheHoldersUnexpiredLeasesWithTheirTokens() {
		String kept = this.group + "-kept";
		String wrongToken = this.group + "-wrong-token";
		String expired = this.group + "-expired";
		String others = this.group + "-others";
		long wrong = store().acquire(wrongToken, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		long expiredToken = store().acquire(expired, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		long othersToken = store().acquire(others, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
		awaitExpiry(expired);
		long keptToken = store().acquire(kept, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		Lease before = store().read(kept, TIMEOUT).orElseThrow();
		Map<String, Long> tokens = new LinkedHashMap<>();
		tokens.put(kept, keptToken);
		tokens.put(wrongToken, wrong + 1);
		tokens.put(expired, expiredToken);
		tokens.put(others, othersToken);
		tokens.put(this.group + "-never", 1L);
		assertThat(store().renewAll("node-a", tokens, LONG_LEASE, TIMEOUT)).containsExactly(kept);
		Lease after = store().read(kept, TIMEOUT).orElseThrow();
		assertThat(after.token()).isEqualTo(keptToken);
		assertThat(after.expiresAt())
			.isAfter(Objects.requireNonNull(before.expiresAt()).plus(LONG_LEASE).minus(SHORT_LEASE).minusSeconds(5));
		assertThat(store().read(expired, TIMEOUT).orElseThrow().isActive()).isFalse();
		assertThat(store().read(wrongToken, TIMEOUT).orElseThrow().token()).isEqualTo(wrong);
		assertThat(store().read(others, TIMEOUT).orElseThrow().activeHolder()).hasValue("node-b");
	}

	@Test
	void renewAllOfEveryHeldLeaseRenewsThemAll() {
		Map<String, Long> tokens = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			String each = this.group + "-" + i;
			tokens.put(each, store().acquire(each, "node-a", SHORT_LEASE, TIMEOUT).getAsLong());
		}
		assertThat(store().renewAll("node-a", tokens, LONG_LEASE, TIMEOUT)).containsExactlyElementsOf(tokens.keySet());
		assertThat(store().renewAll("node-a", Map.of(this.group + "-0", tokens.get(this.group + "-0")), LONG_LEASE,
				TIMEOUT))
			.containsExactly(this.group + "-0");
		assertThat(store().renewAll("node-b", tokens, LONG_LEASE, TIMEOUT)).isEmpty();
	}

	/**
	 * A lock (ShedLock's sense) is taken only when free or expired, even by the node that
	 * holds it, and advances the token like any acquisition.
	 */
	@Test
	void exclusiveAcquisitionTakesOnlyAFreeOrExpiredLeaseEvenForItsHolder() {
		long first = lockStore().acquireExclusive(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(lockStore().acquireExclusive(this.group, "node-a", LONG_LEASE, TIMEOUT)).isEmpty();
		assertThat(lockStore().acquireExclusive(this.group, "node-b", LONG_LEASE, TIMEOUT)).isEmpty();
		assertThat(store().acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).isEmpty();
		assertThat(store().release(this.group, "node-a", first, TIMEOUT)).isTrue();
		long second = lockStore().acquireExclusive(this.group, "node-b", SHORT_LEASE, TIMEOUT).getAsLong();
		assertThat(second).isEqualTo(first + 1);
		awaitExpiry();
		assertThat(lockStore().acquireExclusive(this.group, "node-b", LONG_LEASE, TIMEOUT)).hasValue(second + 1);
	}

	/**
	 * Unlocking with no hold frees the lock at once; with a hold it stays held until that
	 * long after its last acquisition or renewal (ShedLock's lock-at-least-for).
	 */
	@Test
	void unlockFreesTheLockOnceItsHoldSinceTheLastRenewalIsOver() {
		long first = lockStore().acquireExclusive(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(lockStore().unlock(this.group, "node-a", first, Duration.ZERO, TIMEOUT)).isTrue();
		assertThat(store().read(this.group, TIMEOUT).orElseThrow().isActive()).isFalse();
		long second = lockStore().acquireExclusive(this.group, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(second).isEqualTo(first + 1);
		assertThat(lockStore().unlock(this.group, "node-b", second, LONG_LEASE.dividedBy(2), TIMEOUT)).isTrue();
		assertThat(store().read(this.group, TIMEOUT).orElseThrow().activeHolder()).hasValue("node-b");
		assertThat(lockStore().acquireExclusive(this.group, "node-c", LONG_LEASE, TIMEOUT)).isEmpty();
		assertThat(store().acquire(this.group, "node-c", LONG_LEASE, TIMEOUT)).isEmpty();
		String held = this.group + "-held";
		long heldToken = lockStore().acquireExclusive(held, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(lockStore().unlock(held, "node-a", heldToken, SHORT_LEASE, TIMEOUT)).isTrue();
		awaitExpiry(held);
		assertThat(lockStore().acquireExclusive(held, "node-c", LONG_LEASE, TIMEOUT)).hasValue(heldToken + 1);
	}

	@Test
	void unlockByAnotherHolderWithAnotherTokenOrAfterExpiryChangesNothing() {
		long token = lockStore().acquireExclusive(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(lockStore().unlock(this.group, "node-b", token, Duration.ZERO, TIMEOUT)).isFalse();
		assertThat(lockStore().unlock(this.group, "node-a", token + 1, Duration.ZERO, TIMEOUT)).isFalse();
		assertThat(store().read(this.group, TIMEOUT).orElseThrow().activeHolder()).hasValue("node-a");
		String expired = this.group + "-expired";
		long expiredToken = lockStore().acquireExclusive(expired, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		awaitExpiry(expired);
		assertThat(lockStore().unlock(expired, "node-a", expiredToken, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(store().read(expired, TIMEOUT).orElseThrow().isActive()).isFalse();
	}

	/**
	 * A store that announces releases tells a watch that watches of each release of a
	 * lease, and of none that released nothing; one that does not offers no watch, or one
	 * that never watches (so that coordinators keep polling).
	 */
	@Test
	void releasesAreAnnouncedToAWatchThatWatches() throws InterruptedException {
		RecordedReleases recorded = new RecordedReleases();
		BlockingQueue<String> released = recorded.released();
		List<Boolean> states = recorded.states();
		Optional<ReleaseWatch> offered = store().watchReleases(recorded);
		if (!announcesReleases() && offered.isEmpty()) {
			return;
		}
		assertThat(offered).as("the release watch of a store that announces releases").isPresent();
		ReleaseWatch watch = offered.orElseThrow();
		try {
			if (announcesReleases()) {
				await().atMost(Duration.ofSeconds(10)).until(watch::isWatching);
				long token = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
				assertThat(store().release(this.group, "node-a", token, TIMEOUT)).isTrue();
				assertThat(nextOfThisTest(released)).isEqualTo(this.group);
				// A release that releases nothing announces nothing.
				assertThat(store().release(this.group, "node-a", token, TIMEOUT)).isFalse();
				String second = this.group + "-2";
				long next = store().acquire(second, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
				store().release(second, "node-b", next, TIMEOUT);
				assertThat(nextOfThisTest(released)).isEqualTo(second);
			}
			else {
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !watch.isWatching());
				long token = store().acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
				assertThat(store().release(this.group, "node-a", token, TIMEOUT)).isTrue();
				assertThat(released.poll(500, TimeUnit.MILLISECONDS)).isNull();
				assertThat(states).doesNotContain(true);
			}
		}
		finally {
			watch.close();
		}
	}

	/**
	 * Wait until the lease of the test's group has expired in store time.
	 */
	protected void awaitExpiry() {
		awaitExpiry(this.group);
	}

	/**
	 * Wait until a group's lease has expired in store time.
	 * @param group the group, leased before
	 */
	protected void awaitExpiry(String group) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !store().read(group, TIMEOUT).orElseThrow().isActive());
	}

	/**
	 * The next announced release of this test's groups (other tests may release leases of
	 * the same store meanwhile), waiting up to 10 s.
	 * @param queue the releases announced
	 * @return the group, or {@code null} when none was announced in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	protected @Nullable String nextOfThisTest(BlockingQueue<String> queue) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			String group = queue.poll(100, TimeUnit.MILLISECONDS);
			if (group != null && group.startsWith(this.group)) {
				return group;
			}
		}
		return null;
	}

	private static Lease leaseOf(Map<String, Lease> leases, String group) {
		Lease lease = leases.get(group);
		assertThat(lease).as("lease of %s among %s", group, leases.keySet()).isNotNull();
		return Objects.requireNonNull(lease);
	}

	private static Lease withStoreTime(Lease lease, Instant storeTime) {
		return new Lease(lease.group(), lease.holder(), lease.token(), lease.acquiredAt(), lease.renewedAt(),
				lease.expiresAt(), storeTime);
	}

	/**
	 * A release-watch listener that records what it is told.
	 *
	 * @param released the groups announced released, in order
	 * @param states each change of whether the watch watches
	 * @since 0.1.0
	 */
	public record RecordedReleases(BlockingQueue<String> released,
			List<Boolean> states) implements ReleaseWatch.Listener {

		/**
		 * A listener with nothing recorded yet.
		 */
		public RecordedReleases() {
			this(new LinkedBlockingQueue<>(), new CopyOnWriteArrayList<>());
		}

		@Override
		public void released(String group) {
			this.released.add(group);
		}

		@Override
		public void watching(boolean watching) {
			this.states.add(watching);
		}

	}

}
