package dev.leader.jdbc;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Lease;
import dev.leader.lease.ReleaseWatch;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The contract every database must keep for the JDBC lease store, run against each
 * {@link TestDatabase} by a subclass named for it.
 */
abstract class JdbcLeaseStoreContractTests {

	private static final Duration LONG_LEASE = Duration.ofSeconds(30);

	private static final Duration SHORT_LEASE = Duration.ofMillis(600);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String instance;

	private JdbcLeaseStore store;

	private String group;

	protected abstract TestDatabase database();

	@BeforeEach
	void setUp() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		this.store = newStore("leader_lease");
		JdbcLeaseSchema.create(pool(), "leader_lease");
		this.group = "contract-" + UUID.randomUUID();
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void firstAcquisitionOfAGroupGetsTokenOne() {
		assertThat(this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(1);
		Lease lease = this.store.read(this.group, TIMEOUT).orElseThrow();
		assertThat(lease.holder()).isEqualTo("node-a");
		assertThat(lease.token()).isEqualTo(1);
		assertThat(lease.isActive()).isTrue();
		assertThat(lease.expiresAt()).isAfter(lease.storeTime().plus(LONG_LEASE).minusSeconds(5));
	}

	@Test
	void heldLeaseCannotBeAcquiredByAnotherNode() {
		this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT);
		assertThat(this.store.acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).isEmpty();
		assertThat(this.store.read(this.group, TIMEOUT).orElseThrow().holder()).isEqualTo("node-a");
	}

	@Test
	void renewalKeepsTheTokenAndExtendsTheLease() {
		long token = this.store.acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		Lease before = this.store.read(this.group, TIMEOUT).orElseThrow();
		assertThat(this.store.renew(this.group, "node-a", token, LONG_LEASE, TIMEOUT)).isTrue();
		Lease after = this.store.read(this.group, TIMEOUT).orElseThrow();
		assertThat(after.token()).isEqualTo(token);
		assertThat(after.acquiredAt()).isEqualTo(before.acquiredAt());
		assertThat(after.expiresAt()).isAfter(before.expiresAt());
		assertThat(after.renewedAt()).isAfterOrEqualTo(before.renewedAt());
	}

	@Test
	void renewalFailsForAnotherHolderOrToken() {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(this.store.renew(this.group, "node-b", token, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(this.store.renew(this.group, "node-a", token + 1, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(this.store.renew("never-leased-" + this.group, "node-a", token, LONG_LEASE, TIMEOUT)).isFalse();
	}

	@Test
	void expiredLeaseIsTakenOverWithTheNextTokenAndCannotBeRenewed() {
		long first = this.store.acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		awaitExpiry();
		assertThat(this.store.renew(this.group, "node-a", first, LONG_LEASE, TIMEOUT)).isFalse();
		assertThat(this.store.acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
		assertThat(this.store.renew(this.group, "node-a", first, LONG_LEASE, TIMEOUT)).isFalse();
	}

	@Test
	void reacquisitionBySameHolderAdvancesTheToken() {
		long first = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
		awaitExpiryAfterShortLease("node-a");
		assertThat(this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(first + 3);
	}

	@Test
	void releaseFreesTheLeaseAtOnceAndKeepsTheToken() {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(this.store.release(this.group, "node-a", token, TIMEOUT)).isTrue();
		Lease released = this.store.read(this.group, TIMEOUT).orElseThrow();
		assertThat(released.holder()).isNull();
		assertThat(released.token()).isEqualTo(token);
		assertThat(released.isActive()).isFalse();
		assertThat(this.store.acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).hasValue(token + 1);
	}

	@Test
	void releaseByAnotherHolderOrWithAnOldTokenChangesNothing() {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(this.store.release(this.group, "node-b", token, TIMEOUT)).isFalse();
		assertThat(this.store.release(this.group, "node-a", token - 1, TIMEOUT)).isFalse();
		assertThat(this.store.read(this.group, TIMEOUT).orElseThrow().activeHolder()).hasValue("node-a");
	}

	@Test
	void tokenSurvivesANewStoreOnANewPool() {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		this.store.release(this.group, "node-a", token, TIMEOUT);
		JdbcLeaseStore restarted = newStore("leader_lease");
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
				JdbcLeaseStore node = newStore("leader_lease");
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
		assertThat(this.store.read(this.group, TIMEOUT)).isEmpty();
	}

	@Test
	void currentTokenPassesVerificationAndStaleOnesFail() {
		long first = this.store.acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		FencingToken current = new FencingToken(this.group, first, "node-a");
		this.store.read(this.group, TIMEOUT).orElseThrow().requireCurrent(current);
		awaitExpiry();
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> this.store.read(this.group, TIMEOUT).orElseThrow().requireCurrent(current))
			.withMessageContaining("expired");
		this.store.acquire(this.group, "node-b", LONG_LEASE, TIMEOUT);
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> this.store.read(this.group, TIMEOUT).orElseThrow().requireCurrent(current))
			.withMessageContaining("current token is " + (first + 1));
	}

	@Test
	void guardAcceptsTheCurrentTokenInsideATransaction() throws Exception {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		try (Connection connection = pool().getConnection()) {
			connection.setAutoCommit(false);
			this.store.guard().check(connection, new FencingToken(this.group, token, "node-a"));
			connection.commit();
		}
	}

	@Test
	void guardRejectsAStaleTokenAndAGroupNeverLeased() throws Exception {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		try (Connection connection = pool().getConnection()) {
			connection.setAutoCommit(false);
			assertThatExceptionOfType(FencingException.class).isThrownBy(
					() -> this.store.guard().check(connection, new FencingToken(this.group, token + 1, "node-a")));
			assertThatExceptionOfType(FencingException.class).isThrownBy(
					() -> this.store.guard().check(connection, new FencingToken("never-" + this.group, 1, "node-a")))
				.withMessageContaining("never leased");
			connection.rollback();
		}
	}

	@Test
	void guardRefusesToRunWithoutATransaction() throws Exception {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		try (Connection connection = pool().getConnection()) {
			connection.setAutoCommit(true);
			assertThatIllegalStateException()
				.isThrownBy(() -> this.store.guard().check(connection, new FencingToken(this.group, token, "node-a")))
				.withMessageContaining("inside a transaction");
		}
	}

	/**
	 * A writer passes the guard and pauses before commit while its lease expires and
	 * another node tries to take over: the takeover waits for the commit, and afterwards
	 * the old token is rejected.
	 */
	@Test
	void takeoverWaitsForAGuardedTransactionThenTheOldTokenIsRejected() throws Exception {
		long first = this.store.acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		FencingToken stale = new FencingToken(this.group, first, "node-a");
		JdbcLeaseStore other = newStore("leader_lease");
		AtomicLong takenOver = new AtomicLong();
		AtomicBoolean stop = new AtomicBoolean();
		CompletableFuture<Void> contender;
		try (Connection writer = pool().getConnection()) {
			writer.setAutoCommit(false);
			this.store.guard().check(writer, stale);
			contender = CompletableFuture.runAsync(() -> {
				while (!stop.get() && takenOver.get() == 0) {
					try {
						other.acquire(this.group, "node-b", LONG_LEASE, Duration.ofSeconds(2))
							.ifPresent(takenOver::set);
					}
					catch (RuntimeException ex) {
						// a lock wait timing out is a failed attempt; try again
					}
				}
			});
			awaitExpiry();
			await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> takenOver.get() == 0);
			writer.commit();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> takenOver.get() != 0);
		stop.set(true);
		contender.get(20, TimeUnit.SECONDS);
		assertThat(takenOver.get()).isEqualTo(first + 1);
		try (Connection late = pool().getConnection()) {
			late.setAutoCommit(false);
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.store.guard().check(late, stale));
			late.rollback();
		}
	}

	@Test
	void readAllReadsSeveralGroupsAndLeavesOutThoseNeverLeased() {
		String second = this.group + "-2";
		String never = this.group + "-never";
		long first = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		long other = this.store.acquire(second, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
		Map<String, Lease> leases = this.store.readAll(List.of(this.group, second, never), TIMEOUT);
		assertThat(leases).containsOnlyKeys(this.group, second);
		assertThat(leases.get(this.group).activeToken()).hasValue(new FencingToken(this.group, first, "node-a"));
		assertThat(leases.get(second).activeToken()).hasValue(new FencingToken(second, other, "node-b"));
		assertThat(leases.get(this.group)).isEqualTo(
				withStoreTime(this.store.read(this.group, TIMEOUT).orElseThrow(), leases.get(this.group).storeTime()));
		assertThat(this.store.readAll(List.of(), TIMEOUT)).isEmpty();
	}

	@Test
	void readAllReadsMoreGroupsThanOneStatementTakes() {
		List<String> groups = new ArrayList<>();
		for (int i = 0; i < JdbcLeaseStore.BATCH + 3; i++) {
			groups.add(this.group + "-" + i);
		}
		for (String each : List.of(groups.get(0), groups.get(JdbcLeaseStore.BATCH + 2))) {
			this.store.acquire(each, "node-a", LONG_LEASE, TIMEOUT);
		}
		assertThat(this.store.readAll(groups, TIMEOUT)).containsOnlyKeys(groups.get(0),
				groups.get(JdbcLeaseStore.BATCH + 2));
	}

	@Test
	void renewAllRenewsOnlyTheHoldersUnexpiredLeasesWithTheirTokens() {
		String kept = this.group + "-kept";
		String wrongToken = this.group + "-wrong-token";
		String expired = this.group + "-expired";
		String others = this.group + "-others";
		long wrong = this.store.acquire(wrongToken, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		long expiredToken = this.store.acquire(expired, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		long othersToken = this.store.acquire(others, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !this.store.read(expired, TIMEOUT).orElseThrow().isActive());
		long keptToken = this.store.acquire(kept, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		Lease before = this.store.read(kept, TIMEOUT).orElseThrow();
		Map<String, Long> tokens = new LinkedHashMap<>();
		tokens.put(kept, keptToken);
		tokens.put(wrongToken, wrong + 1);
		tokens.put(expired, expiredToken);
		tokens.put(others, othersToken);
		tokens.put(this.group + "-never", 1L);
		assertThat(this.store.renewAll("node-a", tokens, LONG_LEASE, TIMEOUT)).containsExactly(kept);
		Lease after = this.store.read(kept, TIMEOUT).orElseThrow();
		assertThat(after.token()).isEqualTo(keptToken);
		assertThat(after.expiresAt()).isAfter(before.expiresAt().plus(LONG_LEASE).minus(SHORT_LEASE).minusSeconds(5));
		assertThat(this.store.read(expired, TIMEOUT).orElseThrow().isActive()).isFalse();
		assertThat(this.store.read(wrongToken, TIMEOUT).orElseThrow().token()).isEqualTo(wrong);
		assertThat(this.store.read(others, TIMEOUT).orElseThrow().activeHolder()).hasValue("node-b");
	}

	@Test
	void renewAllOfEveryHeldLeaseRenewsThemAll() {
		Map<String, Long> tokens = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			String each = this.group + "-" + i;
			tokens.put(each, this.store.acquire(each, "node-a", SHORT_LEASE, TIMEOUT).getAsLong());
		}
		assertThat(this.store.renewAll("node-a", tokens, LONG_LEASE, TIMEOUT))
			.containsExactlyElementsOf(tokens.keySet());
		assertThat(this.store.renewAll("node-a", Map.of(this.group + "-0", tokens.get(this.group + "-0")), LONG_LEASE,
				TIMEOUT))
			.containsExactly(this.group + "-0");
		assertThat(this.store.renewAll("node-b", tokens, LONG_LEASE, TIMEOUT)).isEmpty();
	}

	/**
	 * PostgreSQL announces every release to the nodes that watch; other databases cannot,
	 * and their watch never watches (so coordinators keep polling).
	 */
	@Test
	void releasesAreAnnouncedToWatchersWhereTheDatabaseCan() throws InterruptedException {
		BlockingQueue<String> released = new LinkedBlockingQueue<>();
		List<Boolean> states = new CopyOnWriteArrayList<>();
		ReleaseWatch watch = newStore("leader_lease").watchReleases(new ReleaseWatch.Listener() {

			@Override
			public void released(String group) {
				released.add(group);
			}

			@Override
			public void watching(boolean watching) {
				states.add(watching);
			}

		}).orElseThrow();
		try {
			if (database() == TestDatabase.POSTGRESQL) {
				await().atMost(Duration.ofSeconds(10)).until(watch::isWatching);
				long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
				assertThat(this.store.release(this.group, "node-a", token, TIMEOUT)).isTrue();
				assertThat(nextOfThisTest(released)).isEqualTo(this.group);
				// A release that releases nothing announces nothing; another table's
				// neither.
				assertThat(this.store.release(this.group, "node-a", token, TIMEOUT)).isFalse();
				String table = "announced_lease_" + database().name().toLowerCase();
				JdbcLeaseSchema.create(pool(), table);
				JdbcLeaseStore elsewhere = newStore(table);
				long other = elsewhere.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
				elsewhere.release(this.group, "node-a", other, TIMEOUT);
				String second = this.group + "-2";
				long next = this.store.acquire(second, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
				this.store.release(second, "node-b", next, TIMEOUT);
				assertThat(nextOfThisTest(released)).isEqualTo(second);
				assertThat(states).containsExactly(true);
			}
			else {
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !watch.isWatching());
				long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
				assertThat(this.store.release(this.group, "node-a", token, TIMEOUT)).isTrue();
				assertThat(released.poll(500, TimeUnit.MILLISECONDS)).isNull();
				assertThat(states).isEmpty();
			}
		}
		finally {
			watch.close();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !watch.isWatching());
	}

	/**
	 * The watch's connection is lost (its pool closed): it stops watching and says so.
	 * (Elsewhere it never watched and never says anything.)
	 */
	@Test
	void watchSaysWhenItStopsWatching() {
		boolean announces = database() == TestDatabase.POSTGRESQL;
		HikariDataSource watchPool = database().newPool(this.instance, "watch");
		this.pools.add(watchPool);
		List<Boolean> states = new CopyOnWriteArrayList<>();
		ReleaseWatch watch = new JdbcLeaseStore(watchPool).watchReleases(new ReleaseWatch.Listener() {

			@Override
			public void released(String group) {
			}

			@Override
			public void watching(boolean watching) {
				states.add(watching);
			}

		}).orElseThrow();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> watch.isWatching() == announces);
			watchPool.close();
			await().atMost(Duration.ofSeconds(15)).until(() -> !watch.isWatching());
			if (announces) {
				assertThat(states).startsWith(true, false);
			}
			else {
				assertThat(states).isEmpty();
			}
		}
		finally {
			watch.close();
		}
	}

	/**
	 * The next announced release of this test's groups (other tests may release leases of
	 * the same table meanwhile).
	 */
	private String nextOfThisTest(BlockingQueue<String> queue) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadline) {
			String group = queue.poll(100, TimeUnit.MILLISECONDS);
			if (group != null && group.startsWith(this.group)) {
				return group;
			}
		}
		return null;
	}

	private static Lease withStoreTime(Lease lease, java.time.Instant storeTime) {
		return new Lease(lease.group(), lease.holder(), lease.token(), lease.acquiredAt(), lease.renewedAt(),
				lease.expiresAt(), storeTime);
	}

	@Test
	void missingTableIsReportedWithTheSchemaScript() {
		JdbcLeaseStore missing = newStore("no_such_lease_table");
		assertThatExceptionOfType(LeaseTableNotFoundException.class).isThrownBy(() -> missing.checkReady(TIMEOUT))
			.withMessageContaining("'no_such_lease_table' does not exist")
			.withMessageContaining("dev/leader/jdbc/schema-")
			.withMessageContaining("leader.jdbc.initialize-schema=always");
		assertThatExceptionOfType(LeaseTableNotFoundException.class)
			.isThrownBy(() -> missing.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT));
	}

	@Test
	void tableNameIsConfigurable() {
		String table = "custom_lease_" + database().name().toLowerCase();
		JdbcLeaseSchema.create(pool(), table);
		JdbcLeaseStore custom = newStore(table);
		custom.checkReady(TIMEOUT);
		assertThat(custom.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT)).hasValue(1);
		assertThat(this.store.read(this.group, TIMEOUT)).isEmpty();
	}

	private void awaitExpiry() {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> !this.store.read(this.group, TIMEOUT).orElseThrow().isActive());
	}

	private void awaitExpiryAfterShortLease(String holder) {
		long token = this.store.acquire(this.group, holder, SHORT_LEASE, TIMEOUT).getAsLong();
		assertThat(token).isPositive();
		awaitExpiry();
	}

	private HikariDataSource pool() {
		if (this.pools.isEmpty()) {
			this.pools.add(database().newPool(this.instance, "contract-0"));
		}
		return this.pools.get(0);
	}

	private JdbcLeaseStore newStore(String table) {
		HikariDataSource pool = database().newPool(this.instance, "contract-" + this.pools.size());
		this.pools.add(pool);
		return new JdbcLeaseStore(pool, table);
	}

}
