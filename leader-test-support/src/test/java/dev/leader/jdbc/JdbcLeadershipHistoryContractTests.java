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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipHistory;
import dev.leader.LeadershipHistoryException;
import dev.leader.LeadershipRecord;
import dev.leader.Lease;
import dev.leader.engine.HistoryRetention;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The leadership history of the JDBC store, run against each {@link TestDatabase} by a
 * subclass named for it, on tables of its own: grants and releases recorded in database
 * time with the store's statements, ends inferred by the next holder, retention, a failed
 * history write failing its transition with a clear message, and the upgrade of a table
 * of layout 2 that holds a lease.
 */
abstract class JdbcLeadershipHistoryContractTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final Duration LONG_LEASE = Duration.ofSeconds(30);

	private static final Instant EPOCH = Instant.EPOCH;

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<LeaseCoordinator> coordinators = new ArrayList<>();

	private String instance;

	private String table;

	private String group;

	private JdbcLeaseStore store;

	private @Nullable JdbcLeaseStore reader;

	protected abstract TestDatabase database();

	protected abstract String platform();

	@BeforeEach
	void createTables() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		this.table = "hist_lease_" + Long.toHexString(System.nanoTime());
		this.group = "group-" + UUID.randomUUID();
		JdbcLeaseSchema.create(pool(), this.table);
		this.store = newStore();
	}

	@AfterEach
	void dropTables() {
		this.coordinators.forEach(LeaseCoordinator::stop);
		if (this.table != null && !this.pools.isEmpty()) {
			execute("DROP TABLE IF EXISTS " + this.table);
			execute("DROP TABLE IF EXISTS " + this.table + "_history");
			execute("DROP TABLE IF EXISTS " + this.table + "_member");
			execute("DROP TABLE IF EXISTS " + this.table + "_pause");
		}
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void aGrantAndItsReleaseAreRecordedInDatabaseTime() {
		long token = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		Lease granted = lease();
		assertThat(history()).singleElement().satisfies((record) -> {
			assertThat(record.token()).isEqualTo(token);
			assertThat(record.instance()).isEqualTo("node-a#00000001");
			assertThat(record.node()).isEqualTo("node-a");
			assertThat(record.start()).isEqualTo(granted.acquiredAt());
			assertThat(record.isOpen()).isTrue();
		});
		assertThat(this.store.release(this.group, "node-a#00000001", token, LeadershipEnd.DRAINED, TIMEOUT)).isTrue();
		Lease released = lease();
		LeadershipRecord record = history().get(0);
		assertThat(record.end()).isEqualTo(released.expiresAt());
		assertThat(record.endReason()).isEqualTo(LeadershipEnd.DRAINED);
		assertThat(this.store.history(this.group, record.end(), TIMEOUT)).containsExactly(record);
		assertThat(this.store.history(this.group, record.end().plusMillis(1), TIMEOUT)).isEmpty();
		assertThat(this.store.release(this.group, "node-a#00000001", token, LeadershipEnd.SHUTDOWN, TIMEOUT))
			.as("released already")
			.isFalse();
		assertThat(history()).containsExactly(record);
	}

	@Test
	void theNextHolderRecordsTheExpiryOfALeaseNobodyReleased() {
		long first = this.store.acquire(this.group, "node-a#00000001", Duration.ofMillis(300), TIMEOUT).getAsLong();
		Lease crashed = lease();
		await().atMost(Duration.ofSeconds(5)).until(() -> !lease().isActive());
		long second = this.store.acquire(this.group, "node-b#00000002", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(second).isEqualTo(first + 1);
		List<LeadershipRecord> history = history();
		assertThat(history).extracting(LeadershipRecord::token).containsExactly(first, second);
		assertThat(history.get(0).end()).isEqualTo(crashed.expiresAt());
		assertThat(history.get(0).endReason()).isEqualTo(LeadershipEnd.EXPIRED);
		assertThat(history.get(1).start()).isEqualTo(lease().acquiredAt()).isAfterOrEqualTo(crashed.expiresAt());
		assertThat(history.get(1).isOpen()).isTrue();
	}

	@Test
	void aHolderTakingItsOwnUnexpiredLeaseAgainRecordsTheFirstAsLost() {
		long first = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		long second = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		List<LeadershipRecord> history = history();
		assertThat(history).extracting(LeadershipRecord::token).containsExactly(first, second);
		assertThat(history.get(0).end()).isEqualTo(history.get(1).start());
		assertThat(history.get(0).endReason()).isEqualTo(LeadershipEnd.LOST);
	}

	@Test
	void aTakeoverRecordsThePredecessorAsTakenOverAtTheTakeover() {
		JdbcLeaseStore fast = newStore().withFastFailover(FastFailover.over(pool()));
		long first = fast.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(fast.takeOver(this.group, "node-b#00000002", "node-a#00000001", first + 5, LONG_LEASE, TIMEOUT))
			.as("another token")
			.isEmpty();
		long second = fast.takeOver(this.group, "node-b#00000002", "node-a#00000001", first, LONG_LEASE, TIMEOUT)
			.getAsLong();
		List<LeadershipRecord> history = history();
		assertThat(history).extracting(LeadershipRecord::token).containsExactly(first, second);
		assertThat(history.get(0).endReason()).isEqualTo(LeadershipEnd.TAKEN_OVER);
		assertThat(history.get(0).end()).isEqualTo(history.get(1).start()).isEqualTo(lease().acquiredAt());
		assertThat(history.get(1).instance()).isEqualTo("node-b#00000002");
	}

	@Test
	void pruningKeepsTheLatestEntriesAndDropsRecordsOlderThanTheRetention() {
		long token = 0;
		for (int i = 0; i < 5; i++) {
			token = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
			this.store.release(this.group, "node-a#00000001", token, LeadershipEnd.YIELDED, TIMEOUT);
		}
		token = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		String other = this.group + "-other";
		long otherToken = this.store.acquire(other, "node-b#00000002", LONG_LEASE, TIMEOUT).getAsLong();
		this.store.release(other, "node-b#00000002", otherToken, LeadershipEnd.SHUTDOWN, TIMEOUT);
		assertThat(history()).hasSize(6);
		this.store.pruneHistory(Map.of(this.group, token),
				new HistoryRetention(Duration.ofDays(30), 3, Duration.ofMinutes(5)), TIMEOUT);
		assertThat(history()).extracting(LeadershipRecord::token).containsExactly(token - 2, token - 1, token);
		assertThat(this.store.history(other, EPOCH, TIMEOUT)).as("a group of another leader").hasSize(1);
		// Long ago, so that a 1 ms retention drops them whatever the clock's resolution.
		new JdbcTemplate(pool()).update("UPDATE " + this.table
				+ "_history SET started_at = TIMESTAMP '2000-01-01 00:00:00', ended_at = TIMESTAMP '2000-01-01 00:00:00'"
				+ " WHERE token <> ? OR group_name <> ?", token, this.group);
		this.store.pruneHistory(Map.of(this.group, token),
				new HistoryRetention(Duration.ofMillis(1), 100, Duration.ofMinutes(5)), TIMEOUT);
		assertThat(history()).as("the open record is kept whatever its age")
			.extracting(LeadershipRecord::token)
			.containsExactly(token);
		assertThat(this.store.history(other, EPOCH, TIMEOUT)).as("ended records of every group age out").isEmpty();
	}

	@Test
	void aDrillAnnotatesTheYieldItCaused() {
		long token = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		assertThat(this.store.annotate(this.group, token, LeadershipEnd.DRILL, "open", TIMEOUT)).isFalse();
		this.store.release(this.group, "node-a#00000001", token, LeadershipEnd.YIELDED, TIMEOUT);
		assertThat(this.store.annotate(this.group, token, LeadershipEnd.DRILL, "handed over in 48 ms", TIMEOUT))
			.isTrue();
		assertThat(history().get(0)).satisfies((record) -> {
			assertThat(record.endReason()).isEqualTo(LeadershipEnd.DRILL);
			assertThat(record.detail()).isEqualTo("handed over in 48 ms");
		});
	}

	/**
	 * A grant whose history cannot be written is not a grant: the acquisition fails as a
	 * whole, with a message naming the history table and the script that creates it, and
	 * the group's token is not advanced. A release whose record cannot be closed is not
	 * made either (the lease then expires, and the next holder records it).
	 */
	@Test
	void aHistoryWriteThatFailsFailsItsTransitionWithAClearMessageAndCostsNoToken() {
		long token = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		execute("DROP TABLE " + this.table + "_history");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> this.store.release(this.group, "node-a#00000001", token, LeadershipEnd.YIELDED, TIMEOUT))
			.withMessageContaining("'" + this.table + "_history'")
			.withMessageContaining("upgrade-3-" + platform() + ".sql");
		assertThat(lease().activeHolder()).as("not released").hasValue("node-a#00000001");
		String other = this.group + "-other";
		assertThatExceptionOfType(LeaseTableOutdatedException.class)
			.isThrownBy(() -> this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT))
			.withMessageContaining("upgrade-3-" + platform() + ".sql");
		assertThatExceptionOfType(LeaseTableOutdatedException.class)
			.isThrownBy(() -> this.store.acquire(other, "node-b#00000002", LONG_LEASE, TIMEOUT));
		assertThat(lease().token()).as("no token spent").isEqualTo(token);
		assertThat(this.store.read(other, TIMEOUT)).as("no row created").isEmpty();
		assertThatExceptionOfType(LeaseTableOutdatedException.class).isThrownBy(() -> newStore().checkReady(TIMEOUT))
			.withMessageContaining("has no history table '" + this.table + "_history'")
			.withMessageContaining("upgrade-3-" + platform() + ".sql");
		assertThat(JdbcLeaseSchema.pendingScripts(pool(), this.table))
			.containsExactly("classpath:dev/leader/jdbc/upgrade-3-" + platform() + ".sql");
		JdbcLeaseSchema.create(pool(), this.table);
		this.store.checkReady(TIMEOUT);
		assertThat(this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT)).hasValue(token + 1);
		assertThat(history()).extracting(LeadershipRecord::token).containsExactly(token + 1);
	}

	/**
	 * A history write the database refuses (here a constraint) fails its transition with
	 * a {@link LeadershipHistoryException} that names the history table: the grant or
	 * release does not happen.
	 */
	@Test
	void aTransitionWhoseRecordTheDatabaseRefusesDoesNotHappen() {
		long first = this.store.acquire(this.group, "node-a#00000001", LONG_LEASE, TIMEOUT).getAsLong();
		execute("ALTER TABLE " + this.table + "_history ADD CONSTRAINT " + this.table
				+ "_refuse CHECK (holder <> 'refused#00000001' AND (end_reason IS NULL OR end_reason <> 'DRAINED'))");
		assertThatExceptionOfType(LeadershipHistoryException.class)
			.isThrownBy(() -> this.store.release(this.group, "node-a#00000001", first, LeadershipEnd.DRAINED, TIMEOUT))
			.withMessageContaining("could not record the release in history table '" + this.table + "_history'");
		assertThat(lease().activeHolder()).as("not released").hasValue("node-a#00000001");
		assertThat(this.store.release(this.group, "node-a#00000001", first, LeadershipEnd.YIELDED, TIMEOUT)).isTrue();
		assertThatExceptionOfType(LeadershipHistoryException.class)
			.isThrownBy(() -> this.store.acquire(this.group, "refused#00000001", LONG_LEASE, TIMEOUT))
			.withMessageContaining("could not record the grant in history table '" + this.table + "_history'");
		assertThat(lease().token()).as("no token spent").isEqualTo(first);
		assertThat(lease().holder()).isNull();
		assertThat(this.store.acquire(this.group, "node-b#00000002", LONG_LEASE, TIMEOUT)).hasValue(first + 1);
		assertThat(history()).extracting(LeadershipRecord::endReason).containsExactly(LeadershipEnd.YIELDED, null);
	}

	/**
	 * A table made by the scripts of layout 2 (before the history table), with a lease
	 * held by a node of that version: the store refuses it and names upgrade-3; the
	 * upgrade keeps the row, and a coordinator started afterwards waits for the held
	 * lease, takes the next token, and records from then on.
	 */
	@Test
	void aTableOfLayout2HoldingALeaseIsUpgradedWithoutLosingItsToken() throws Exception {
		String old = "layout_2_lease_" + Long.toHexString(System.nanoTime());
		execute(script("layout-2-" + platform() + ".sql").replace("leader_lease", old));
		String previousTable = this.table;
		this.table = old;
		try {
			holdAsAnEarlierVersion(old, this.group, "old-node#00000001", 7, Duration.ofMillis(1500));
			Lease held = lease();
			assertThat(JdbcLeaseSchema.pendingScripts(pool(), old)).containsExactly(
					"classpath:dev/leader/jdbc/upgrade-3-" + platform() + ".sql",
					"classpath:dev/leader/jdbc/upgrade-4-" + platform() + ".sql");
			LeaseCoordinator refused = coordinator("node-x",
					new HistoryRetention(Duration.ofDays(1), 10, Duration.ofMinutes(5)));
			assertThatExceptionOfType(LeaseTableOutdatedException.class).isThrownBy(refused::start)
				.withMessageContaining("upgrade-3-" + platform() + ".sql");
			JdbcLeaseSchema.create(pool(), old);
			assertThat(JdbcLeaseSchema.pendingScripts(pool(), old)).isEmpty();
			Lease upgraded = lease();
			assertThat(upgraded.holder()).isEqualTo("old-node#00000001");
			assertThat(upgraded.token()).isEqualTo(7);
			assertThat(upgraded.expiresAt()).isEqualTo(held.expiresAt());
			LeaseCoordinator first = coordinator("node-a", HistoryRetention.DEFAULTS);
			first.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> first.isLeader(this.group));
			assertThat(first.token(this.group).orElseThrow().value()).isEqualTo(8);
			LeaseCoordinator second = coordinator("node-b", HistoryRetention.DEFAULTS);
			second.start();
			assertThat(first.yield(this.group)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> second.isLeader(this.group));
			LeadershipHistory history = second.leadershipHistory().orElseThrow();
			List<LeadershipRecord> records = history.history(this.group, EPOCH);
			assertThat(records).extracting(LeadershipRecord::token).containsExactly(8L, 9L);
			assertThat(records.get(0).start()).isAfterOrEqualTo(held.expiresAt());
			assertThat(records.get(0).endReason()).isEqualTo(LeadershipEnd.YIELDED);
			assertThat(records.get(0).instance()).isEqualTo(first.instanceId());
			assertThat(records.get(1).instance()).isEqualTo(second.instanceId());
			assertThat(records.get(1).isOpen()).isTrue();
		}
		finally {
			this.coordinators.forEach(LeaseCoordinator::stop);
			execute("DROP TABLE IF EXISTS " + old);
			execute("DROP TABLE IF EXISTS " + old + "_history");
			execute("DROP TABLE IF EXISTS " + old + "_member");
			execute("DROP TABLE IF EXISTS " + old + "_pause");
			this.table = previousTable;
		}
	}

	/**
	 * Coordinators record what their campaigns do: a yield, a drain, a shutdown; the
	 * history reads the same on every node, and a leader prunes it to the retention.
	 */
	@Test
	void coordinatorsRecordYieldDrainAndShutdownAndPruneTheirGroups() {
		HistoryRetention retention = new HistoryRetention(Duration.ofDays(1), 3, Duration.ofMillis(200));
		LeaseCoordinator a = coordinator("node-a", retention);
		a.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader(this.group));
		LeaseCoordinator b = coordinator("node-b", retention);
		b.start();
		assertThat(a.yield(this.group)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> b.isLeader(this.group));
		assertThat(b.drain(this.group)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader(this.group));
		long last = a.token(this.group).orElseThrow().value();
		a.stop();
		List<LeadershipRecord> records = b.leadershipHistory().orElseThrow().history(this.group, EPOCH);
		assertThat(records).extracting(LeadershipRecord::endReason)
			.containsExactly(LeadershipEnd.YIELDED, LeadershipEnd.DRAINED, LeadershipEnd.SHUTDOWN);
		assertThat(records).extracting(LeadershipRecord::node).containsExactly("node-a", "node-b", "node-a");
		assertThat(records.get(2).token()).isEqualTo(last);
		for (int i = 1; i < records.size(); i++) {
			assertThat(records.get(i).start()).isAfterOrEqualTo(records.get(i - 1).end());
		}
		assertThat(a.leadershipHistory().orElseThrow().history(this.group, EPOCH)).isEqualTo(records);
		b.resume(this.group);
		await().atMost(Duration.ofSeconds(10)).until(() -> b.isLeader(this.group));
		// b renews every 100 ms and prunes at most every 200 ms: the latest 3 remain.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(history()).extracting(LeadershipRecord::token)
				.containsExactly(last - 1, last, last + 1));
	}

	private LeaseCoordinator coordinator(String nodeId, HistoryRetention retention) {
		LeaseCoordinator coordinator = LeaseCoordinator.builder(newStore())
			.nodeId(nodeId)
			.timings(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(50))
			.groups(this.group)
			.historyRetention(retention)
			.build();
		this.coordinators.add(coordinator);
		return coordinator;
	}

	private List<LeadershipRecord> history() {
		return this.store.history(this.group, EPOCH, TIMEOUT);
	}

	private Lease lease() {
		return newStoreOnce().read(this.group, TIMEOUT).orElseThrow();
	}

	private JdbcLeaseStore newStoreOnce() {
		if (this.reader == null || !this.reader.tableName().equals(this.table)) {
			this.reader = newStore();
		}
		return this.reader;
	}

	private void holdAsAnEarlierVersion(String table, String group, String holder, long token, Duration lease) {
		JdbcLeaseDialect dialect = JdbcLeaseDialect
			.valueOf((database() == TestDatabase.MARIADB) ? "MYSQL" : database().name());
		new JdbcTemplate(pool()).update(
				"INSERT INTO " + table
						+ " (group_name, holder, token, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, "
						+ dialect.now() + ", " + dialect.now() + ", " + dialect.nowPlusMillis() + ")",
				group, holder, token, lease.toMillis());
	}

	private String script(String name) throws IOException {
		try (InputStream in = getClass().getResourceAsStream(name)) {
			return JdbcLeaseSchema.withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private void execute(String sql) {
		new JdbcTemplate(pool()).execute(sql);
	}

	private JdbcLeaseStore newStore() {
		HikariDataSource pool = database().newPool(this.instance, "history-" + this.pools.size());
		this.pools.add(pool);
		return new JdbcLeaseStore(pool, this.table);
	}

	private HikariDataSource pool() {
		if (this.pools.isEmpty()) {
			this.pools.add(database().newPool(this.instance, "history-0"));
		}
		return this.pools.get(0);
	}

}
