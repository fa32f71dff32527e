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

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.FencingToken;
import dev.leader.LeadershipConflict;
import dev.leader.LeadershipConflict.Believer;
import dev.leader.LeadershipConflict.Kind;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The duplicate-leader check over the JDBC store: every node publishes its beliefs in the
 * member table and compares everyone's with the leases, in store time.
 */
abstract class JdbcConflictDetectionContractTests {

	private static final String GROUP = "billing";

	/** An instance that publishes beliefs but never runs. */
	private static final String GHOST = "ghost#0123456789abcdef";

	private static final LeaseTimings TIMINGS = new LeaseTimings(Duration.ofSeconds(3), Duration.ofMillis(600),
			Duration.ofMillis(200));

	private final List<LeaseCoordinator> coordinators = new CopyOnWriteArrayList<>();

	private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

	private String instance = "";

	private JdbcTemplate jdbc = new JdbcTemplate();

	private JdbcLeaseDialect dialect = JdbcLeaseDialect.H2;

	/** A lease table of this test's own: the servers' databases are shared. */
	private String table = "";

	protected abstract TestDatabase database();

	@BeforeEach
	void createTables() throws Exception {
		database().assumeAvailable();
		this.instance = database().newInstance();
		HikariDataSource setup = pool("setup");
		this.jdbc = new JdbcTemplate(setup);
		try (Connection connection = setup.getConnection()) {
			this.dialect = JdbcLeaseDialect.of(connection.getMetaData());
		}
		this.table = "conflicts_" + Long.toHexString(System.nanoTime());
	}

	@AfterEach
	void stopNodes() {
		this.coordinators.forEach(LeaseCoordinator::stop);
		this.jdbc.execute("DROP TABLE IF EXISTS " + this.table + "_member");
		this.jdbc.execute("DROP TABLE IF EXISTS " + this.table + "_pause");
		this.jdbc.execute("DROP TABLE IF EXISTS " + this.table + "_history");
		this.jdbc.execute("DROP TABLE IF EXISTS " + this.table);
		this.pools.forEach(HikariDataSource::close);
	}

	/**
	 * A node that believes in the leader's token beyond any handover (a twin cut off with
	 * a frozen clock, say) is found by every node; the rightful leader keeps its group.
	 */
	@Test
	void twoBelieversAreFoundByEveryNodeWhileTheRightfulLeaderKeepsItsGroup() {
		JdbcLeaseSchema.create(this.jdbc.getDataSource(), this.table);
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		LeaseCoordinator a = start("node-a", first);
		LeaseCoordinator b = start("node-b", second);
		LeaseCoordinator leader = awaitLeader(a, b);
		FencingToken token = leader.token(GROUP).orElseThrow();
		publishGhostBelief(token.value());
		for (LeaseCoordinator node : List.of(a, b)) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(node.conflicts()).anySatisfy((c) -> {
				assertThat(c.kind()).isEqualTo(Kind.TWO_BELIEVERS);
				assertThat(c.group()).isEqualTo(GROUP);
				assertThat(c.storeToken()).isEqualTo(token.value());
				assertThat(c.believers()).containsExactlyInAnyOrder(new Believer(GHOST, token.value()),
						new Believer(leader.instanceId(), token.value()));
			}));
		}
		await().during(Duration.ofMillis(TIMINGS.renewInterval().toMillis() * 3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> leader.token(GROUP).equals(Optional.of(token)));
		// Seen at every check, reported once per node.
		assertThat(first.conflicts).hasSize(1);
		assertThat(second.conflicts).hasSize(1);
	}

	/**
	 * The store's token moves while a node leads (an administrator, a restored backup):
	 * the node's next check finds its belief stale and it steps down at once, before its
	 * next renewal would have told it.
	 */
	@Test
	void aNodeThatFindsItsOwnBeliefStaleStepsDownBeforeItsNextRenewal() throws InterruptedException {
		JdbcLeaseSchema.create(this.jdbc.getDataSource(), this.table);
		LeaseTimings rareRenewals = new LeaseTimings(Duration.ofSeconds(12), Duration.ofSeconds(4),
				Duration.ofMillis(100));
		Recorder recorder = new Recorder();
		LeaseCoordinator node = start("node-a", rareRenewals, recorder);
		await().atMost(Duration.ofSeconds(10)).until(() -> node.isLeader(GROUP));
		FencingToken token = node.token(GROUP).orElseThrow();
		// Right after a renewal, the next one is a whole renew interval away.
		recorder.renewal().await(10, TimeUnit.SECONDS);
		long bumped = System.nanoTime();
		this.jdbc.update("UPDATE " + this.table + " SET token = token + 1 WHERE group_name = ?", GROUP);
		await().atMost(Duration.ofSeconds(3)).until(() -> !node.isLeader(GROUP));
		assertThat(Duration.ofNanos(System.nanoTime() - bumped)).isLessThan(rareRenewals.renewInterval());
		assertThat(node.conflicts()).singleElement().satisfies((c) -> {
			assertThat(c.kind()).isEqualTo(Kind.STALE_BELIEF);
			assertThat(c.believers()).containsExactly(new Believer(node.instanceId(), token.value()));
			assertThat(c.storeToken()).isEqualTo(token.value() + 1);
		});
		assertThat(recorder.conflicts).hasSize(1);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> recorder.events.stream()
				.anyMatch((event) -> event instanceof LeadershipRevokedEvent revoked
						&& revoked.getReason() == RevocationReason.LEASE_LOST));
	}

	/**
	 * Ordinary handovers (yields, graceful stops, crashes with expiry, restarts) never
	 * look like two believers or a stale belief.
	 */
	@Test
	void noFindingsInAContentionRunWithYieldsStopsAndCrashes() {
		JdbcLeaseSchema.create(this.jdbc.getDataSource(), this.table);
		Duration run = Duration.ofSeconds(Long.getLong("leader.test.conflict-run-seconds", 20));
		Random random = new Random(42);
		Recorder recorder = new Recorder();
		List<LeaseCoordinator> live = new ArrayList<>();
		List<HikariDataSource> livePools = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			live.add(start("node-" + i, recorder));
			livePools.add(this.pools.get(this.pools.size() - 1));
		}
		int yields = 0;
		int crashes = 0;
		int stops = 0;
		long end = System.nanoTime() + run.toNanos();
		// Every kind of handover must have happened, however slow the machine: the run
		// goes on past its time until it has, within three times that.
		long latest = end + 2 * run.toNanos();
		int next = live.size();
		while (System.nanoTime() < end || ((yields <= 3 || crashes + stops <= 1) && System.nanoTime() < latest)) {
			int victim = random.nextInt(live.size());
			int action = random.nextInt(10);
			if (action < 6) {
				LeaseCoordinator leader = live.stream().filter((node) -> node.isLeader(GROUP)).findFirst().orElse(null);
				if (leader != null && leader.yield(GROUP)) {
					yields++;
				}
			}
			else {
				LeaseCoordinator gone = live.remove(victim);
				HikariDataSource pool = livePools.remove(victim);
				if (action < 8) {
					gone.stop();
					// A stopped node's pool would keep its connections: a long run would
					// use up the server's connection slots, and a new node would be left
					// with the release watch's connection only.
					pool.close();
					stops++;
				}
				else {
					// A crash: the connections vanish; the lease expires in the store.
					pool.close();
					crashes++;
				}
				live.add(start("node-" + next++, recorder));
				livePools.add(this.pools.get(this.pools.size() - 1));
			}
			LeaseCoordinator[] nodes = live.toArray(LeaseCoordinator[]::new);
			await().atMost(Duration.ofSeconds(30)).until(() -> awaitableLeader(nodes) != null);
		}
		assertThat(yields).isGreaterThan(3);
		assertThat(crashes + stops).isGreaterThan(1);
		assertThat(recorder.conflicts).as("duplicate-leader findings").isEmpty();
		assertThat(this.coordinators).flatExtracting(LeaseCoordinator::conflicts).isEmpty();
	}

	/**
	 * A lease table made by the previous scripts (layout 2, no member table) holding a
	 * token: the upgrade adds the member table without touching a lease, the group's
	 * token goes on from where it was, and the check works.
	 */
	@Test
	void upgradeAddsTheMemberTableKeepingEveryToken() throws Exception {
		createWithPreviousScripts("layout-2-");
		// A group that the previous version led up to token 7, its lease since released.
		String now = this.dialect.now();
		this.jdbc.update("INSERT INTO " + this.table + " (group_name, holder, token, acquired_at, renewed_at, "
				+ "expires_at) VALUES (?, NULL, 7, " + now + ", " + now + ", " + now + ")", GROUP);
		assertThat(JdbcLeaseSchema.pendingScript(this.jdbc.getDataSource(), this.table))
			.contains(this.dialect.historyUpgradeLocation());
		JdbcLeaseSchema.create(this.jdbc.getDataSource(), this.table);
		assertThat(JdbcLeaseSchema.pendingScript(this.jdbc.getDataSource(), this.table)).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT token FROM " + this.table + " WHERE group_name = ?", Long.class,
				GROUP))
			.isEqualTo(7);
		LeaseCoordinator upgraded = start("node-b", new Recorder());
		await().atMost(Duration.ofSeconds(10)).until(() -> upgraded.isLeader(GROUP));
		FencingToken next = upgraded.token(GROUP).orElseThrow();
		assertThat(next.value()).isEqualTo(8);
		publishGhostBelief(next.value());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(upgraded.conflicts()).extracting(LeadershipConflict::kind)
				.containsExactly(Kind.TWO_BELIEVERS));
	}

	/**
	 * A table made by the scripts of layout 3 (before the pause table), holding a lease
	 * of a node of that version at token 7: a coordinator refuses to start and names
	 * upgrade-4; the upgrade keeps the row, and a coordinator started afterwards waits
	 * for the held lease, leads with token 8, and pauses the group.
	 */
	@Test
	void upgradeAddsThePauseTableKeepingEveryToken() throws Exception {
		createWithPreviousScripts("layout-3-");
		String now = this.dialect.now();
		this.jdbc.update("INSERT INTO " + this.table + " (group_name, holder, token, acquired_at, renewed_at, "
				+ "expires_at) VALUES (?, ?, 7, " + now + ", " + now + ", " + this.dialect.plusMillis(now) + ")", GROUP,
				"old-node#00000001", 1500L);
		assertThat(JdbcLeaseSchema.pendingScripts(this.jdbc.getDataSource(), this.table))
			.containsExactly(this.dialect.pauseUpgradeLocation());
		assertThatExceptionOfType(LeaseTableOutdatedException.class).isThrownBy(() -> start("node-x", new Recorder()))
			.withMessageContaining("has no pause table '" + this.table + "_pause'")
			.withMessageContaining("upgrade-4-" + this.dialect.platform() + ".sql");
		JdbcLeaseSchema.create(this.jdbc.getDataSource(), this.table);
		assertThat(JdbcLeaseSchema.pendingScripts(this.jdbc.getDataSource(), this.table)).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT token FROM " + this.table + " WHERE group_name = ?", Long.class,
				GROUP))
			.isEqualTo(7);
		LeaseCoordinator upgraded = start("node-b", new Recorder());
		await().atMost(Duration.ofSeconds(10)).until(() -> upgraded.isLeader(GROUP));
		FencingToken next = upgraded.token(GROUP).orElseThrow();
		assertThat(next.value()).isEqualTo(8);
		assertThat(upgraded.pause(GROUP)).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT paused_by FROM " + this.table + "_pause WHERE group_name = ?",
				String.class, GROUP))
			.isEqualTo("node-b");
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> upgraded.isPaused(GROUP) && upgraded.token(GROUP).equals(Optional.of(next)));
		assertThat(upgraded.unpause(GROUP)).isTrue();
		assertThat(upgraded.pausedGroups()).isEmpty();
	}

	/**
	 * Create the tables as the scripts of an earlier layout did (a test resource per
	 * platform, {@code <prefix><platform>.sql}).
	 */
	private void createWithPreviousScripts(String prefix) throws Exception {
		String previous = new String(
				getClass().getResourceAsStream(prefix + this.dialect.platform() + ".sql").readAllBytes(),
				StandardCharsets.UTF_8);
		try (Connection connection = this.jdbc.getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : JdbcLeaseSchema.statements(JdbcLeaseSchema.forTable(previous, this.table))) {
				statement.execute(sql);
			}
		}
	}

	private void publishGhostBelief(long token) {
		String now = this.dialect.now();
		this.jdbc.update(
				"INSERT INTO " + this.table + "_member (instance_id, node_id, beliefs, valid_until, seen_at) "
						+ "VALUES (?, ?, ?, " + this.dialect.plusMillis(now) + ", " + now + ")",
				GHOST, "ghost", GROUP + "=" + token, 60_000L);
	}

	private LeaseCoordinator awaitLeader(LeaseCoordinator... nodes) {
		AtomicReference<LeaseCoordinator> leader = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			leader.set(awaitableLeader(nodes));
			return leader.get() != null;
		});
		return leader.get();
	}

	private static LeaseCoordinator awaitableLeader(LeaseCoordinator... nodes) {
		for (LeaseCoordinator node : nodes) {
			if (node.isLeader(GROUP)) {
				return node;
			}
		}
		return null;
	}

	private LeaseCoordinator start(String nodeId, Recorder recorder) {
		return start(nodeId, TIMINGS, recorder);
	}

	private LeaseCoordinator start(String nodeId, LeaseTimings timings, Recorder recorder) {
		HikariDataSource pool = pool(nodeId);
		LeaseCoordinator coordinator = LeaseCoordinator.builder(new JdbcLeaseStore(pool, this.table))
			.nodeId(nodeId)
			.timings(timings.leaseDuration(), timings.renewInterval(), timings.retryInterval())
			.groups(GROUP)
			.listener(recorder.events::add)
			.observer(recorder)
			.build();
		this.coordinators.add(coordinator);
		coordinator.start();
		return coordinator;
	}

	private HikariDataSource pool(String name) {
		// Room for the exchange next to renewals and attempts on a busy machine.
		HikariDataSource pool = database().newPool(this.instance, name, (config) -> {
			config.setMaximumPoolSize(2);
			config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
		});
		this.pools.add(pool);
		return pool;
	}

	/**
	 * What a node's observer and listener were told.
	 */
	private static final class Recorder implements LeaseObserver {

		final List<LeadershipConflict> conflicts = new CopyOnWriteArrayList<>();

		final List<LeadershipEvent> events = new CopyOnWriteArrayList<>();

		private volatile CountDownLatch renewal = new CountDownLatch(1);

		@Override
		public void renewed(String group, Duration took, boolean success) {
			if (success) {
				this.renewal.countDown();
			}
		}

		@Override
		public void conflictDetected(LeadershipConflict conflict) {
			this.conflicts.add(conflict);
		}

		/**
		 * A latch for the next successful renewal.
		 */
		CountDownLatch renewal() {
			this.renewal = new CountDownLatch(1);
			return this.renewal;
		}

	}

}
