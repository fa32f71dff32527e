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

package dev.leader.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseStore;
import dev.leader.lease.ReleaseWatch;
import dev.leader.test.TestDatabase;
import dev.leader.test.contract.LeaseStoreContractTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The contract every database must keep for the JDBC lease store, run against each
 * {@link TestDatabase} by a subclass named for it: the contract of every lease store
 * ({@link LeaseStoreContractTests}) on the table {@code leader_lease}, and what is
 * particular to JDBC (tables and their layouts, the fencing guard and its locks, the
 * caller's transactions, release notifications).
 */
abstract class JdbcLeaseStoreContractTests extends LeaseStoreContractTests {

	/** The lease of the coordinators these tests start. */
	private static final Duration COORDINATED_LEASE = Duration.ofSeconds(2);

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<LeaseCoordinator> coordinators = new ArrayList<>();

	protected String instance;

	protected JdbcLeaseStore store;

	protected abstract TestDatabase database();

	@Override
	protected LeaseStore createStore() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		this.store = newStore("leader_lease");
		JdbcLeaseSchema.create(pool(), "leader_lease");
		return this.store;
	}

	/**
	 * A store on a new pool, as another node has.
	 */
	@Override
	protected LeaseStore newClient() {
		return newStore("leader_lease");
	}

	/**
	 * PostgreSQL announces releases (LISTEN/NOTIFY); the other databases cannot.
	 */
	@Override
	protected boolean announcesReleases() {
		return database() == TestDatabase.POSTGRESQL;
	}

	@AfterEach
	void closePools() {
		this.coordinators.forEach(LeaseCoordinator::stop);
		this.pools.forEach(HikariDataSource::close);
	}

	/**
	 * Instance ids ({@code <node-id>#<nonce>}, up to 137 characters) are what
	 * coordinators pass as holders: the table holds them whole.
	 */
	@Test
	void holderAsLongAsTheLongestInstanceIdIsKeptOnAFreshTable() {
		String instanceId = Identifiers.newInstanceId("n".repeat(128));
		assertThat(instanceId).hasSize(Identifiers.MAX_INSTANCE_LENGTH);
		onFreshTable((store) -> {
			long token = store.acquire(this.group, instanceId, LONG_LEASE, TIMEOUT).getAsLong();
			assertThat(store.read(this.group, TIMEOUT).orElseThrow().holder()).isEqualTo(instanceId);
			assertThat(store.renew(this.group, instanceId, token, LONG_LEASE, TIMEOUT)).isTrue();
			assertThat(store.renewAll(instanceId, Map.of(this.group, token), LONG_LEASE, TIMEOUT))
				.containsExactly(this.group);
			assertThat(store.release(this.group, instanceId, token, TIMEOUT)).isTrue();
		});
	}

	/**
	 * Group names are compared exactly, whatever the database's default collation (MySQL
	 * and MariaDB compare case-insensitively unless told otherwise).
	 */
	@Test
	void groupNamesThatDifferOnlyInCaseAreSeparateLeasesOnAFreshTable() {
		String upper = "Billing-" + this.group;
		String lower = upper.toLowerCase(Locale.ROOT);
		onFreshTable((store) -> {
			long first = store.acquire(upper, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
			assertThat(store.acquire(lower, "node-b", LONG_LEASE, TIMEOUT)).hasValue(1);
			assertThat(store.release(upper, "node-a", first, TIMEOUT)).isTrue();
			assertThat(store.acquire(upper, "node-c", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
			Map<String, Lease> leases = store.readAll(List.of(upper, lower), TIMEOUT);
			assertThat(leases.get(upper).activeToken()).hasValue(new FencingToken(upper, first + 1, "node-c"));
			assertThat(leases.get(lower).activeToken()).hasValue(new FencingToken(lower, 1, "node-b"));
		});
	}

	/**
	 * Run against a table created for the test by {@link JdbcLeaseSchema} (the shared
	 * table of the server databases may have been created by other scripts).
	 */
	private void onFreshTable(Consumer<JdbcLeaseStore> test) {
		String table = "fresh_lease_" + Long.toHexString(System.nanoTime());
		JdbcLeaseSchema.create(pool(), table);
		try {
			test.accept(newStore(table));
		}
		finally {
			execute("DROP TABLE IF EXISTS " + table);
			execute("DROP TABLE IF EXISTS " + table + "_history");
		}
	}

	/**
	 * A table made by the first scripts (layout 1), with live leases: the store refuses
	 * it and names the upgrade script; schema initialization upgrades it keeping every
	 * holder and token, and the store works on it (acquisitions advance the tokens).
	 */
	@Test
	void tableOfLayout1IsRefusedThenUpgradedKeepingEveryToken() throws Exception {
		String table = "layout_1_lease_" + Long.toHexString(System.nanoTime());
		execute("DROP TABLE IF EXISTS " + table);
		execute("DROP TABLE IF EXISTS " + table + "_history");
		execute(layout1Script().replace("leader_lease", table));
		try {
			JdbcLeaseStore before = newStore(table);
			String held = this.group + "-held";
			String released = this.group + "-released";
			String advanced = this.group + "-advanced";
			// Rows as nodes of the earlier version left them.
			long heldToken = 1;
			long releasedToken = 1;
			long advancedToken = 2;
			holdAsAnEarlierVersion(table, held, "node-a", heldToken, LONG_LEASE);
			holdAsAnEarlierVersion(table, released, null, releasedToken, Duration.ZERO);
			holdAsAnEarlierVersion(table, advanced, "node-a", advancedToken, LONG_LEASE);
			Map<String, Lease> old = before.readAll(List.of(held, released, advanced), TIMEOUT);

			assertThatExceptionOfType(LeaseTableOutdatedException.class).isThrownBy(() -> before.checkReady(TIMEOUT))
				.withMessageContaining("'" + table + "'")
				.withMessageContaining("dev/leader/jdbc/upgrade-2-")
				.withMessageContaining("then classpath:dev/leader/jdbc/upgrade-3-")
				.withMessageContaining("leader.jdbc.initialize-schema=always");

			JdbcLeaseSchema.create(pool(), table);
			JdbcLeaseStore after = newStore(table);
			after.checkReady(TIMEOUT);
			Map<String, Lease> upgraded = after.readAll(List.of(held, released, advanced), TIMEOUT);
			for (String group : List.of(held, released, advanced)) {
				assertThat(upgraded.get(group).holder()).isEqualTo(old.get(group).holder());
				assertThat(upgraded.get(group).token()).isEqualTo(old.get(group).token());
				assertThat(upgraded.get(group).expiresAt()).isEqualTo(old.get(group).expiresAt());
			}
			assertThat(after.renew(held, "node-a", heldToken, LONG_LEASE, TIMEOUT)).isTrue();
			assertThat(after.acquire(held, "node-b", LONG_LEASE, TIMEOUT)).isEmpty();
			assertThat(after.acquire(released, "node-c", LONG_LEASE, TIMEOUT)).hasValue(releasedToken + 1);
			String instanceId = Identifiers.newInstanceId("n".repeat(128));
			after.release(advanced, "node-a", advancedToken, TIMEOUT);
			assertThat(after.acquire(advanced, instanceId, LONG_LEASE, TIMEOUT)).hasValue(advancedToken + 1);
			// Running the initialization again changes nothing.
			JdbcLeaseSchema.create(pool(), table);
			assertThat(newStore(table).read(advanced, TIMEOUT).orElseThrow().activeToken())
				.hasValue(new FencingToken(advanced, advancedToken + 1, instanceId));
		}
		finally {
			execute("DROP TABLE IF EXISTS " + table);
			execute("DROP TABLE IF EXISTS " + table + "_history");
		}
	}

	/**
	 * An acquisition that finds the row locked by a guarded transaction (the lease
	 * expired meanwhile) gives up within its timeout and answers "not acquired", rather
	 * than failing or holding the caller's thread.
	 */
	@Test
	void acquisitionBehindAGuardedTransactionGivesUpInTimeAsNotAcquired() throws Exception {
		long first = this.store.acquire(this.group, "node-a", SHORT_LEASE, TIMEOUT).getAsLong();
		JdbcLeaseStore other = newStore("leader_lease");
		Duration timeout = Duration.ofMillis(1500);
		try (Connection writer = pool().getConnection()) {
			writer.setAutoCommit(false);
			this.store.guard().check(writer, new FencingToken(this.group, first, "node-a"));
			awaitExpiry();
			long start = System.nanoTime();
			assertThat(other.acquire(this.group, "node-b", LONG_LEASE, timeout)).isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout);
			writer.commit();
		}
		assertThat(other.acquire(this.group, "node-b", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
	}

	/**
	 * A store given a {@link TransactionAwareDataSourceProxy} still works on connections
	 * of its own: inside the caller's transaction it reads what is committed, not the
	 * caller's uncommitted change, and does not commit that transaction.
	 */
	@Test
	void storeOnATransactionAwareProxyWorksOutsideTheCallersTransaction() {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		HikariDataSource target = pool();
		JdbcLeaseStore proxied = new JdbcLeaseStore(new TransactionAwareDataSourceProxy(target));
		new TransactionTemplate(new DataSourceTransactionManager(target)).executeWithoutResult((status) -> {
			new JdbcTemplate(target).update("UPDATE leader_lease SET token = 999 WHERE group_name = ?", this.group);
			assertThat(proxied.read(this.group, TIMEOUT).orElseThrow().token()).isEqualTo(token);
			status.setRollbackOnly();
		});
		assertThat(this.store.read(this.group, TIMEOUT).orElseThrow().token()).isEqualTo(token);
	}

	/**
	 * A data source that hands out the connection of the current Spring transaction (as a
	 * transaction-aware or JTA-enlisting proxy does) is refused, with a message that says
	 * why.
	 */
	@Test
	void storeRefusesTheConnectionOfTheCallersTransaction() {
		this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT);
		HikariDataSource target = pool();
		JdbcLeaseStore enlisted = new JdbcLeaseStore(
				new DelegatingDataSource(new TransactionAwareDataSourceProxy(target)));
		new TransactionTemplate(new DataSourceTransactionManager(target)).executeWithoutResult((status) -> {
			assertThatExceptionOfType(LeaderConfigurationException.class)
				.isThrownBy(() -> enlisted.read(this.group, TIMEOUT))
				.withMessageContaining("connection of the current Spring-managed transaction");
			status.setRollbackOnly();
		});
	}

	/**
	 * A read-only connection (a replica, a read-only pool) is refused when the store is
	 * checked, at startup. (H2 has no read-only connections, only read-only databases.)
	 */
	protected void storeRefusesAReadOnlyConnection() {
		HikariDataSource readOnly = database().newPool(this.instance, "read-only",
				(config) -> config.setReadOnly(true));
		this.pools.add(readOnly);
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> new JdbcLeaseStore(readOnly).checkReady(TIMEOUT))
			.withMessageContaining("read-only connection");
	}

	/**
	 * On a pool whose connections have auto-commit off, {@code check(token)} outside a
	 * Spring transaction would lock the row in a transaction that guards nothing: it is
	 * refused. Inside one it passes.
	 */
	@Test
	void guardOnTheDataSourceNeedsASpringTransaction() {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		FencingToken current = new FencingToken(this.group, token, "node-a");
		HikariDataSource manual = database().newPool(this.instance, "manual-commit",
				(config) -> config.setAutoCommit(false));
		this.pools.add(manual);
		JdbcFencingGuard guard = new JdbcFencingGuard(manual);
		assertThatIllegalStateException().isThrownBy(() -> guard.check(current))
			.withMessageContaining("needs a Spring-managed transaction");
		new TransactionTemplate(new DataSourceTransactionManager(manual))
			.executeWithoutResult((status) -> guard.check(current));
	}

	/**
	 * A guarded transaction holding group a's row past the lease costs at most group a:
	 * the leader keeps group b all along.
	 */
	@Test
	void guardHeldPastTheLeaseOnOneGroupCostsNoOtherGroup() throws Exception {
		String a = this.group + "-a";
		String b = this.group + "-b";
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		LeaseCoordinator leader = startCoordinator("node-a", events, a, b);
		await().atMost(Duration.ofSeconds(10)).until(() -> leader.isLeader(a) && leader.isLeader(b));
		FencingToken tokenA = leader.token(a).orElseThrow();
		FencingToken tokenB = leader.token(b).orElseThrow();
		try (Connection guarded = pool().getConnection()) {
			guarded.setAutoCommit(false);
			this.store.guard().check(guarded, tokenA);
			await().during(COORDINATED_LEASE.multipliedBy(5).dividedBy(2))
				.atMost(COORDINATED_LEASE.multipliedBy(5))
				.until(() -> leader.token(b).equals(Optional.of(tokenB)));
			guarded.rollback();
		}
		assertThat(events).filteredOn((event) -> event.getToken().group().equals(b)).hasSize(1);
		assertThat(events).filteredOn(LeadershipRevokedEvent.class::isInstance)
			.allSatisfy((event) -> assertThat(event.getToken()).isEqualTo(tokenA));
	}

	/**
	 * Four workers run overlapping guarded transactions of 300 ms back to back, all far
	 * shorter than the lease: the leader still renews, and keeps its lease over five
	 * lease durations. (Run where shared row locks could starve a renewal: PostgreSQL,
	 * MariaDB.)
	 */
	protected void renewalsKeepUpWithOverlappingGuardedTransactions() throws Exception {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		LeaseCoordinator leader = startCoordinator("node-a", events, this.group);
		await().atMost(Duration.ofSeconds(10)).until(() -> leader.isLeader(this.group));
		FencingToken token = leader.token(this.group).orElseThrow();
		HikariDataSource workerPool = database().newPool(this.instance, "workers");
		this.pools.add(workerPool);
		JdbcFencingGuard guard = newStore("leader_lease").guard(COORDINATED_LEASE);
		AtomicBoolean stop = new AtomicBoolean();
		AtomicInteger guardedCount = new AtomicInteger();
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		ScheduledExecutorService workers = Executors.newScheduledThreadPool(4);
		try {
			for (int i = 0; i < 4; i++) {
				// Staggered starts, so that the transactions overlap and the row is
				// always share-locked by one or another.
				workers.schedule(() -> {
					while (!stop.get()) {
						try (Connection connection = workerPool.getConnection()) {
							connection.setAutoCommit(false);
							guard.check(connection, token);
							// The guarded work.
							LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
							connection.commit();
							guardedCount.incrementAndGet();
						}
						catch (Throwable ex) {
							failures.add(ex);
							return;
						}
					}
				}, i * 75L, TimeUnit.MILLISECONDS);
			}
			await().during(COORDINATED_LEASE.multipliedBy(5))
				.atMost(COORDINATED_LEASE.multipliedBy(7))
				.until(() -> leader.token(this.group).equals(Optional.of(token)) && failures.isEmpty());
		}
		finally {
			stop.set(true);
			workers.shutdown();
			assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(failures).isEmpty();
		assertThat(events).hasSize(1);
		assertThat(leader.token(this.group)).hasValue(token);
		assertThat(guardedCount.get()).isGreaterThan(40);
	}

	/**
	 * The guard bounds the idle time of its Spring-managed transaction with a setting of
	 * the session or the transaction; once the transaction is over, the pool's connection
	 * has the setting as before.
	 * @param setting a query of the setting's current value
	 * @return the value inside the guarded transaction and the value after it
	 */
	protected List<String> idleBoundInsideAndAfterAGuardedTransaction(String setting) {
		long token = this.store.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
		HikariDataSource single = database().newPool(this.instance, "single", (config) -> config.setMaximumPoolSize(1));
		this.pools.add(single);
		JdbcTemplate jdbc = new JdbcTemplate(single);
		JdbcFencingGuard guard = new JdbcFencingGuard(single, "leader_lease", LeaseObserver.NONE,
				Duration.ofMillis(2500));
		List<String> values = new ArrayList<>();
		new TransactionTemplate(new DataSourceTransactionManager(single)).executeWithoutResult((status) -> {
			guard.check(new FencingToken(this.group, token, "node-a"));
			values.add(jdbc.queryForObject(setting, String.class));
		});
		values.add(jdbc.queryForObject(setting, String.class));
		return values;
	}

	/**
	 * A coordinator on a pool of its own, on this test's timings.
	 */
	private LeaseCoordinator startCoordinator(String nodeId, List<LeadershipEvent> events, String... groups) {
		LeaseCoordinator coordinator = LeaseCoordinator.builder(newStore("leader_lease"))
			.nodeId(nodeId)
			.timings(COORDINATED_LEASE, COORDINATED_LEASE.dividedBy(4), Duration.ofMillis(200))
			.groups(groups)
			.listener(events::add)
			.build();
		this.coordinators.add(coordinator);
		coordinator.start();
		return coordinator;
	}

	protected String layout1Script() throws IOException {
		String platform = switch (database()) {
			case POSTGRESQL -> "postgresql";
			case MARIADB -> "mysql";
			case H2 -> "h2";
		};
		try (InputStream in = getClass().getResourceAsStream("layout-1-" + platform + ".sql")) {
			String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return script.lines()
				.filter((line) -> !line.startsWith("--"))
				.collect(Collectors.joining("\n"))
				.strip()
				.replaceAll(";$", "");
		}
	}

	protected void execute(String sql) {
		new JdbcTemplate(pool()).execute(sql);
	}

	/**
	 * Write a lease row as a node of an earlier version does, without history: held by
	 * {@code holder} (released when {@code null}) with {@code token}, for {@code lease}
	 * from now in database time.
	 */
	protected void holdAsAnEarlierVersion(String table, String group, @Nullable String holder, long token,
			Duration lease) {
		JdbcLeaseDialect dialect = JdbcLeaseSchema.create(pool(), "leader_lease");
		new JdbcTemplate(pool()).update(
				"INSERT INTO " + table
						+ " (group_name, holder, token, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, "
						+ dialect.now() + ", " + dialect.now() + ", " + dialect.nowPlusMillis() + ")",
				group, holder, token, lease.toMillis());
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

	/**
	 * The watch's connection is lost (its pool closed): it stops watching and says so.
	 * (Elsewhere it never watched and never says anything.)
	 */
	@Test
	void watchSaysWhenItStopsWatching() {
		boolean announces = database() == TestDatabase.POSTGRESQL;
		HikariDataSource watchPool = database().newPool(this.instance, "watch");
		this.pools.add(watchPool);
		RecordedReleases recorded = new RecordedReleases();
		List<Boolean> states = recorded.states();
		ReleaseWatch watch = new JdbcLeaseStore(watchPool).watchReleases(recorded).orElseThrow();
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

	protected HikariDataSource pool() {
		if (this.pools.isEmpty()) {
			this.pools.add(database().newPool(this.instance, "contract-0"));
		}
		return this.pools.get(0);
	}

	protected JdbcLeaseStore newStore(String table) {
		HikariDataSource pool = database().newPool(this.instance, "contract-" + this.pools.size());
		this.pools.add(pool);
		return new JdbcLeaseStore(pool, table);
	}

}
