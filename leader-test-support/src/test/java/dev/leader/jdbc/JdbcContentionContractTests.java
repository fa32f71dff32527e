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

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeadershipConflict;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRecord;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contention between several coordinators in one JVM, each node with connection pools of
 * its own, competing for the same groups over many rounds while a chaos driver makes
 * leaders yield, cuts nodes off the lease store (closing the pool under a running
 * coordinator, which must then step down by itself) and restarts nodes. A history is
 * recorded in database time and checked afterwards:
 * <ul>
 * <li>every change of the lease table, logged by a trigger with a sequence number and the
 * time it was made: tokens advance by one per acquisition, each token has one holder, and
 * a lease is taken from another holder only once it expired or was released;</li>
 * <li>belief samples (the node believes it leads with a token before and after reading
 * the database clock): each lies inside its token's lease in database time, and the
 * samples of different tokens of a group never overlap and are ordered by token;</li>
 * <li>guarded writes (fencing guard and insert in one transaction, sharing the trigger's
 * sequence): each was made while its token was the group's current one, held by the
 * writer, and in database time their tokens never decrease. Nodes also try writes with
 * their last token after losing the lead, which the guard must fence once a newer token
 * exists.</li>
 * </ul>
 * The chaos decisions come from a seeded {@link Random}; the seed is printed and can be
 * set with {@code -Dleader.test.contention.seed}, the run length (seconds) with
 * {@code -Dleader.test.contention.seconds}.
 */
abstract class JdbcContentionContractTests {

	private static final int NODES = 5;

	private static final Duration LEASE = Duration.ofMillis(1000);

	private static final Duration RENEW = Duration.ofMillis(250);

	private static final Duration RETRY = Duration.ofMillis(100);

	private static final Duration RUN = Duration.ofSeconds(Long.getLong("leader.test.contention.seconds", 20));

	private static final long WORK_INTERVAL_MILLIS = 5;

	private static final int MAX_NODES_DOWN = 2;

	private static final int MIN_TOKENS_PER_GROUP = 5;

	private final Queue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final Queue<Grant> grants = new ConcurrentLinkedQueue<>();

	private final Queue<Revocation> revocations = new ConcurrentLinkedQueue<>();

	private final Queue<StepDown> stepDowns = new ConcurrentLinkedQueue<>();

	private final Queue<String> problems = new ConcurrentLinkedQueue<>();

	private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

	private final List<Node> nodes = new ArrayList<>();

	private final List<LeadershipConflict> conflicts = new CopyOnWriteArrayList<>();

	private final CountDownLatch chaosDone = new CountDownLatch(1);

	private volatile boolean finished;

	private long seed;

	private Random random;

	private String instance;

	private Names names;

	private List<String> groups;

	private HikariDataSource observer;

	private ScheduledExecutorService workers;

	private ScheduledExecutorService driver;

	protected abstract TestDatabase database();

	/**
	 * An SQL expression of the database's current time, of type {@link #timestampType()}.
	 * @return the expression
	 */
	protected abstract String now();

	/**
	 * The column type of times in UTC, as the lease table uses.
	 * @return the type
	 */
	protected abstract String timestampType();

	/**
	 * An SQL expression taking the next value of a sequence.
	 * @param sequence the sequence
	 * @return the expression
	 */
	protected abstract String nextId(String sequence);

	/**
	 * Read a time column written with {@link #now()} or by the lease store.
	 * @param result the result set
	 * @param column the column
	 * @return the instant, or {@code null}
	 * @throws SQLException on failure
	 */
	protected abstract Instant instant(ResultSet result, String column) throws SQLException;

	/**
	 * Log every insert and update of the lease table into the event table: kind
	 * {@code 'L'}, an id from the sequence, the new row's group, holder, token,
	 * acquired-at and expires-at, and as {@code happened_at} the database time at which
	 * the change was made (after any lock wait, not when its statement began).
	 * @param statement a statement to run DDL with
	 * @param names the tables of this run
	 * @throws SQLException on failure
	 */
	protected abstract void createLeaseLog(Statement statement, Names names) throws SQLException;

	/**
	 * Drop what {@link #createLeaseLog} made beyond the triggers of the (dropped) lease
	 * table.
	 * @param statement a statement to run DDL with
	 * @param names the tables of this run
	 * @throws SQLException on failure
	 */
	protected void dropLeaseLog(Statement statement, Names names) throws SQLException {
	}

	/**
	 * Whether the nodes run with fast failover: the chaos then also kills nodes (every
	 * connection of the node's coordinator closed at once, as the kernel does for a
	 * killed process), and a lease may be taken over before its expiry from a node killed
	 * during it, never from another.
	 * @return whether fast failover is on
	 */
	protected boolean fastFailover() {
		return false;
	}

	protected String createSequence(String sequence) {
		return "CREATE SEQUENCE " + sequence;
	}

	@BeforeEach
	void setUp() throws SQLException {
		database().assumeAvailable();
		Long fixedSeed = Long.getLong("leader.test.contention.seed");
		this.seed = (fixedSeed != null) ? fixedSeed : new SecureRandom().nextLong();
		System.out.println("Contention on " + database() + ": seed " + this.seed
				+ " (reproduce the chaos decisions with -Dleader.test.contention.seed=" + this.seed + ")");
		this.random = new Random(this.seed);
		this.instance = database().newInstance();
		this.names = Names.of(UUID.randomUUID().toString().replace("-", "").substring(0, 8));
		this.observer = database().newPool(this.instance, "contention-observer");
		JdbcLeaseSchema.create(this.observer, this.names.leaseTable());
		try (Connection connection = this.observer.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(createSequence(this.names.sequence()));
			statement.execute("CREATE TABLE " + this.names.eventTable()
					+ " (id BIGINT NOT NULL PRIMARY KEY, kind CHAR(1) NOT NULL, group_name VARCHAR(128) NOT NULL,"
					+ " node_id VARCHAR(128), token BIGINT NOT NULL, acquired_at " + timestampType() + ", expires_at "
					+ timestampType() + ", happened_at " + timestampType()
					+ " NOT NULL, zombie SMALLINT DEFAULT 0 NOT NULL)");
			createLeaseLog(statement, this.names);
		}
		List<String> groups = new ArrayList<>();
		int groupCount = 2 + this.random.nextInt(2);
		for (int i = 0; i < groupCount; i++) {
			groups.add("contention-" + i + "-" + Long.toString(this.random.nextLong() & Long.MAX_VALUE, 36));
		}
		this.groups = List.copyOf(groups);
		this.workers = Executors.newScheduledThreadPool(NODES);
		this.driver = Executors.newSingleThreadScheduledExecutor();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.finished = true;
		if (this.driver != null) {
			this.driver.shutdownNow();
			this.driver.awaitTermination(10, TimeUnit.SECONDS);
		}
		if (this.workers != null) {
			this.workers.shutdownNow();
			this.workers.awaitTermination(10, TimeUnit.SECONDS);
		}
		for (Node node : this.nodes) {
			node.close();
		}
		if (this.observer != null) {
			try (Connection connection = this.observer.getConnection();
					Statement statement = connection.createStatement()) {
				for (String drop : List.of("DROP TABLE IF EXISTS " + this.names.leaseTable(),
						"DROP TABLE IF EXISTS " + this.names.leaseTable() + "_history",
						"DROP TABLE IF EXISTS " + this.names.eventTable(),
						"DROP SEQUENCE IF EXISTS " + this.names.sequence())) {
					statement.execute(drop);
				}
				dropLeaseLog(statement, this.names);
			}
			finally {
				this.observer.close();
			}
		}
	}

	@Test
	void competingNodesKeepTokensUniqueAndLeadershipsDisjointInDatabaseTime() throws Exception {
		long started = System.nanoTime();
		for (int i = 0; i < NODES; i++) {
			this.nodes.add(new Node("node-" + i, new Random(this.random.nextLong())));
		}
		this.nodes.forEach(Node::startIncarnation);
		long end = started + RUN.toNanos();
		this.nodes.forEach((node) -> this.workers.scheduleWithFixedDelay(node::work, 0, WORK_INTERVAL_MILLIS,
				TimeUnit.MILLISECONDS));
		this.driver.schedule(() -> chaos(end), 500 + this.random.nextInt(500), TimeUnit.MILLISECONDS);
		assertThat(this.chaosDone.await(RUN.toSeconds() + 60, TimeUnit.SECONDS)).as("chaos driver finished").isTrue();
		this.driver.shutdownNow();
		assertThat(this.driver.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		for (Node node : this.nodes) {
			if (node.state == State.CUT) {
				awaitSelfStepDown(node.incarnation);
			}
		}
		this.workers.shutdown();
		assertThat(this.workers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		for (Node node : this.nodes) {
			node.incarnation.stop();
		}
		History history = History.load(this);
		List<String> violations = new ArrayList<>(history.check(this.samples, this.grants));
		violations.addAll(checkLeadershipHistory(history));
		System.out.println(summary(history, Duration.ofNanos(System.nanoTime() - started)));
		violations.forEach((violation) -> System.out.println("VIOLATION: " + violation));
		List<String> failures = new ArrayList<>();
		this.problems.stream().limit(20).map((problem) -> "during the run: " + problem).forEach(failures::add);
		violations.stream().map((violation) -> "in the history: " + violation).forEach(failures::add);
		assertThat(failures)
			.as("%d problems during the run, %d history violations (seed %d)", this.problems.size(), violations.size(),
					this.seed)
			.isEmpty();
		for (String group : this.groups) {
			assertThat(history.tenures(group)).as("tokens of group %s (seed %d)", group, this.seed)
				.hasSizeGreaterThanOrEqualTo(MIN_TOKENS_PER_GROUP);
			assertThat(this.samples.stream().filter((sample) -> sample.group().equals(group)))
				.as("belief samples of group %s (seed %d)", group, this.seed)
				.isNotEmpty();
			assertThat(history.writes().stream().filter((write) -> write.group().equals(group)))
				.as("guarded writes of group %s (seed %d)", group, this.seed)
				.isNotEmpty();
		}
		assertThat(count("cuts")).as("cuts (seed %d)", this.seed).isPositive();
		if (fastFailover()) {
			assertThat(count("kills")).as("kills (seed %d)", this.seed).isPositive();
			assertThat(history.fastTakeovers).as("takeovers from killed nodes before expiry (seed %d)", this.seed)
				.isPositive();
		}
		assertThat(this.stepDowns).as("self step-downs after a cut (seed %d)", this.seed).isNotEmpty();
		// Cuts, kills, restarts and yields are ordinary handovers for the
		// duplicate-leader
		// check.
		assertThat(this.conflicts).as("duplicate-leader findings (seed %d)", this.seed).isEmpty();
	}

	/**
	 * The leadership history the store kept matches the lease table's changes token by
	 * token (holder, start, and the end: the release, the expiry or the next grant), and
	 * has the grant of every token a node was told it leads, with that node's instance.
	 */
	private List<String> checkLeadershipHistory(History history) {
		List<String> violations = new ArrayList<>();
		JdbcLeaseStore store = new JdbcLeaseStore(this.observer, this.names.leaseTable());
		Map<String, Map<Long, LeadershipRecord>> recorded = new HashMap<>();
		for (String group : this.groups) {
			Map<Long, LeadershipRecord> records = new TreeMap<>();
			store.history(group, Instant.EPOCH, Duration.ofSeconds(10))
				.forEach((record) -> records.put(record.token(), record));
			recorded.put(group, records);
			TreeMap<Long, Tenure> tenures = history.tenures(group);
			if (!records.keySet().equals(tenures.keySet())) {
				violations.add(group + ": the history has tokens " + records.keySet() + ", the lease table had "
						+ tenures.keySet());
			}
			for (Tenure tenure : tenures.values()) {
				LeadershipRecord record = records.get(tenure.token);
				if (record == null) {
					continue;
				}
				Map.Entry<Long, Tenure> next = tenures.higherEntry(tenure.token);
				Instant end;
				Set<LeadershipEnd> reasons;
				if (tenure.released) {
					end = tenure.lastExpiry;
					reasons = EnumSet.of(LeadershipEnd.YIELDED, LeadershipEnd.DRAINED, LeadershipEnd.SHUTDOWN,
							LeadershipEnd.LOST, LeadershipEnd.STORE_UNREACHABLE);
				}
				else if (next == null) {
					end = null;
					reasons = EnumSet.noneOf(LeadershipEnd.class);
				}
				else if (!tenure.lastExpiry.isAfter(next.getValue().from)) {
					end = tenure.lastExpiry;
					reasons = EnumSet.of(LeadershipEnd.EXPIRED);
				}
				else {
					end = next.getValue().from;
					reasons = EnumSet.of(LeadershipEnd.TAKEN_OVER, LeadershipEnd.LOST);
				}
				boolean reasonMatches = (end != null) ? reasons.contains(record.endReason())
						: record.endReason() == null;
				if (!Identifiers.nodeIdOf(record.instance()).equals(tenure.holder())
						|| !record.start().equals(tenure.from) || !Objects.equals(record.end(), end)
						|| !reasonMatches) {
					violations
						.add(group + ": " + record + " recorded for " + tenure + (tenure.released ? " (released)" : "")
								+ ", expected end " + end + " with one of " + reasons);
				}
			}
		}
		for (Grant grant : this.grants) {
			LeadershipRecord record = recorded.getOrDefault(grant.token().group(), Map.of()).get(grant.token().value());
			if (record == null || !record.instance().equals(grant.token().holder())) {
				violations.add("granted " + grant.token() + " to " + grant.node() + " but recorded " + record);
			}
		}
		long ended = recorded.values()
			.stream()
			.flatMap((records) -> records.values().stream())
			.filter((record) -> record.endReason() != null)
			.count();
		max("history.records", recorded.values().stream().mapToLong(Map::size).sum());
		max("history.ended", ended);
		return violations;
	}

	// Chaos, on the driver thread

	private void chaos(long end) {
		try {
			// A kill (with fast failover) and a cut must each have hit a leader, however
			// the dice fell: the run goes on past its time until they have, within three
			// times that.
			boolean owed = count("cuts.ofLeaders") == 0 || (fastFailover() && count("kills.ofLeaders") == 0);
			if (System.nanoTime() - end >= 0 && (!owed || System.nanoTime() - end - 2 * RUN.toNanos() >= 0)) {
				this.finished = true;
				this.chaosDone.countDown();
				return;
			}
			int dice = this.random.nextInt(100);
			if (dice < 60) {
				yieldSomeLeader();
			}
			else if (fastFailover() && dice < 75) {
				killSomeNode();
			}
			else if (dice < 85) {
				cutSomeNode();
			}
			else {
				stopSomeNode();
			}
			this.driver.schedule(() -> chaos(end), 150 + this.random.nextInt(450), TimeUnit.MILLISECONDS);
		}
		catch (Throwable ex) {
			problem("chaos driver failed", ex);
			this.finished = true;
			this.chaosDone.countDown();
		}
	}

	private void yieldSomeLeader() {
		String group = this.groups.get(this.random.nextInt(this.groups.size()));
		List<Node> leaders = this.nodes.stream()
			.filter((node) -> node.state == State.UP && node.incarnation.coordinator.isLeader(group))
			.toList();
		if (leaders.isEmpty()) {
			increment("yields.noLeader");
			return;
		}
		Node leader = leaders.get(this.random.nextInt(leaders.size()));
		if (leader.incarnation.coordinator.yield(group)) {
			increment("yields");
		}
	}

	/**
	 * Close a node's lease pool under its running coordinator, preferring a leader, and
	 * restart it later.
	 */
	private void cutSomeNode() {
		Node node = pickNodeToTakeDown();
		if (node == null) {
			return;
		}
		Incarnation incarnation = node.incarnation;
		if (!incarnation.held.isEmpty()) {
			increment("cuts.ofLeaders");
		}
		incarnation.cut = true;
		node.state = State.CUT;
		long closing = System.nanoTime();
		incarnation.pool.close();
		max("cuts.closeMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing));
		increment("cuts");
		this.driver.schedule(() -> restart(node), 1200 + this.random.nextInt(1500), TimeUnit.MILLISECONDS);
	}

	/**
	 * Kill a node, preferring a leader: every connection of its coordinator (lease pool,
	 * liveness and waiting sessions) closes at once, as the kernel closes the sockets of
	 * a killed process; the kill is recorded in the history (kind {@code 'K'}, before and
	 * after), and the node restarts later. Its coordinator lives on as a zombie, which
	 * must step down by itself.
	 */
	private void killSomeNode() throws SQLException {
		Node node = pickNodeToTakeDown();
		if (node == null) {
			return;
		}
		Incarnation incarnation = node.incarnation;
		if (!incarnation.held.isEmpty()) {
			increment("kills.ofLeaders");
		}
		incarnation.cut = true;
		node.state = State.CUT;
		recordKill(node, false);
		incarnation.sessions.abortAll();
		incarnation.pool.close();
		recordKill(node, true);
		increment("kills");
		this.driver.schedule(() -> restart(node), 1200 + this.random.nextInt(1500), TimeUnit.MILLISECONDS);
	}

	private void recordKill(Node node, boolean done) throws SQLException {
		try (Connection connection = this.observer.getConnection();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO " + this.names.eventTable()
						+ " (id, kind, group_name, node_id, token, happened_at, zombie) VALUES ("
						+ nextId(this.names.sequence()) + ", 'K', ?, ?, 0, " + now() + ", ?)")) {
			for (String group : this.groups) {
				insert.setString(1, group);
				insert.setString(2, node.id);
				insert.setInt(3, done ? 1 : 0);
				insert.executeUpdate();
			}
		}
	}

	/**
	 * Stop a node gracefully (releasing its leases) and restart it later.
	 */
	private void stopSomeNode() {
		Node node = pickNodeToTakeDown();
		if (node == null) {
			return;
		}
		node.state = State.STOPPED;
		node.incarnation.stop();
		increment("stops");
		this.driver.schedule(() -> restart(node), 200 + this.random.nextInt(800), TimeUnit.MILLISECONDS);
	}

	private Node pickNodeToTakeDown() {
		List<Node> up = this.nodes.stream().filter((node) -> node.state == State.UP).toList();
		if (NODES - up.size() >= MAX_NODES_DOWN) {
			increment("takeDowns.skipped");
			return null;
		}
		String group = this.groups.get(this.random.nextInt(this.groups.size()));
		List<Node> leaders = up.stream().filter((node) -> node.incarnation.coordinator.isLeader(group)).toList();
		List<Node> candidates = leaders.isEmpty() ? up : leaders;
		return candidates.get(this.random.nextInt(candidates.size()));
	}

	private void restart(Node node) {
		if (this.finished) {
			return;
		}
		try {
			Incarnation previous = node.incarnation;
			if (previous.cut) {
				awaitSelfStepDown(previous);
			}
			previous.stop();
			node.startIncarnation();
			increment("restarts");
		}
		catch (Throwable ex) {
			problem("restart of " + node.id + " failed", ex);
		}
	}

	/**
	 * A node cut off its store must step down by itself: every lease it held ends with a
	 * revocation for an unreachable store (or a lost lease), never a shutdown.
	 */
	private void awaitSelfStepDown(Incarnation incarnation) {
		try {
			await().atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(10)).until(incarnation.held::isEmpty);
		}
		catch (ConditionTimeoutException ex) {
			problem(incarnation + " still believes it leads " + incarnation.held.values()
					+ " long after its store was cut");
		}
		this.revocations.stream()
			.filter((revocation) -> revocation.incarnation() == incarnation && revocation.afterCut())
			.filter((revocation) -> revocation.reason() != RevocationReason.STORE_UNREACHABLE
					&& revocation.reason() != RevocationReason.LEASE_LOST)
			.forEach(
					(revocation) -> problem(incarnation + " did not step down by itself after its cut: " + revocation));
	}

	// Recording

	private void problem(String message) {
		this.problems.add(message);
		if (this.problems.size() <= 20) {
			System.out.println("PROBLEM: " + message);
		}
	}

	private void problem(String message, Throwable ex) {
		problem(message + ": " + ex);
		ex.printStackTrace(System.out);
	}

	private void increment(String counter) {
		this.counters.computeIfAbsent(counter, (key) -> new AtomicLong()).incrementAndGet();
	}

	private void max(String counter, long value) {
		this.counters.computeIfAbsent(counter, (key) -> new AtomicLong()).accumulateAndGet(value, Math::max);
	}

	private long count(String counter) {
		AtomicLong value = this.counters.get(counter);
		return (value != null) ? value.get() : 0;
	}

	private String summary(History history, Duration elapsed) {
		StringBuilder summary = new StringBuilder();
		summary.append(String.format("Contention on %s, seed %d: %.1f s (run %d s), %d nodes, lease %d ms%n",
				database(), this.seed, elapsed.toMillis() / 1000.0, RUN.toSeconds(), NODES, LEASE.toMillis()));
		for (String group : this.groups) {
			TreeMap<Long, Tenure> tenures = history.tenures(group);
			Map<String, Long> holders = tenures.values()
				.stream()
				.collect(Collectors.groupingBy(Tenure::holder, TreeMap::new, Collectors.counting()));
			summary.append(String.format("  group %s: %d tokens (%d handovers), by holder %s%n", group, tenures.size(),
					Math.max(0, tenures.size() - 1), holders));
		}
		Map<RevocationReason, Long> reasons = this.revocations.stream()
			.collect(Collectors.groupingBy(Revocation::reason, () -> new EnumMap<>(RevocationReason.class),
					Collectors.counting()));
		long proven = this.stepDowns.stream().filter(StepDown::provenBeforeExpiry).count();
		summary.append(String.format(
				"  chaos: %d yields (%d times no leader to yield), %d cuts (%d of leaders, pool close up to %d ms),"
						+ " %d graceful stops," + " %d restarts, %d take-downs skipped%n",
				count("yields"), count("yields.noLeader"), count("cuts"), count("cuts.ofLeaders"),
				count("cuts.closeMillis"), count("stops"), count("restarts"), count("takeDowns.skipped")));
		summary.append(String.format("  grants %d, revocations %s%n", this.grants.size(), reasons));
		summary.append(String.format(
				"  self step-downs after a cut: %d, seen by the node before its lease expired in database time: %d%n",
				this.stepDowns.size(), proven));
		summary.append(String.format(
				"  belief samples %d (%d failed); guarded writes %d accepted, %d accepted after losing the lead"
						+ " (lease still current in the store), %d fenced (%d while believing to lead), %d failed%n",
				this.samples.size(), count("samples.failed"), count("writes"), count("writes.zombie"),
				count("writes.fenced"), count("writes.fencedWhileLeading"), count("writes.failed")));
		summary.append(String.format("  lease table changes %d%n", history.leaseChanges()));
		summary.append(String.format("  leadership history: %d records (%d ended), checked token by token%n",
				count("history.records"), count("history.ended")));
		if (fastFailover()) {
			summary.append(String.format(
					"  fast failover: %d kills (%d of leaders), %d takeovers before expiry from killed nodes%n",
					count("kills"), count("kills.ofLeaders"), history.fastTakeovers));
			history.killedLeaseEnds.forEach((end) -> summary.append("    ").append(end).append('\n'));
			history.closestBeliefToFastTakeover(this.samples)
				.ifPresent((margin) -> summary.append(String.format(
						"  closest belief sample of a killed node to the takeover of its lease: %.1f ms%n",
						margin / 1000.0)));
		}
		history.closestBeliefToLeaseEnd(this.samples)
			.ifPresent((margin) -> summary
				.append(String.format("  closest belief sample to the expiry of its lease in database time: %.1f ms%n",
						margin / 1000.0)));
		history.closestBeliefToLeaseEnd(this.samples, this.revocations)
			.ifPresent((margin) -> summary.append(String.format(
					"  closest belief sample to the end of a lease that its node gave up on its own (store unreachable):"
							+ " %.1f ms%n",
					margin / 1000.0)));
		return summary.toString();
	}

	private enum State {

		UP, CUT, STOPPED

	}

	/**
	 * One node: a work pool that stays open for its whole life and a coordinator (with a
	 * lease pool of its own) per incarnation.
	 */
	private final class Node {

		private final String id;

		private final Random random;

		private final HikariDataSource workPool;

		private final JdbcFencingGuard guard;

		/** The last token this node led each group with, for writes after losing it. */
		private final Map<String, FencingToken> lastTokens = new ConcurrentHashMap<>();

		private final AtomicInteger incarnations = new AtomicInteger();

		private volatile Incarnation incarnation;

		private volatile State state = State.STOPPED;

		Node(String id, Random random) {
			this.id = id;
			this.random = random;
			this.workPool = database().newPool(JdbcContentionContractTests.this.instance, id + "-work");
			this.guard = new JdbcFencingGuard(this.workPool, JdbcContentionContractTests.this.names.leaseTable());
		}

		void startIncarnation() {
			Incarnation next = new Incarnation(this, this.incarnations.incrementAndGet());
			this.incarnation = next;
			next.coordinator.start();
			this.state = State.UP;
		}

		/**
		 * One round of work, every few milliseconds: for each group this node leads, a
		 * belief sample and (half the time) a guarded write; for a group it no longer
		 * leads, now and then a write with its last token.
		 */
		void work() {
			try {
				LeaseCoordinator coordinator = this.incarnation.coordinator;
				for (String group : JdbcContentionContractTests.this.groups) {
					Optional<FencingToken> token = coordinator.token(group);
					if (token.isPresent()) {
						this.lastTokens.put(group, token.get());
						sample(coordinator, token.get());
						if (this.random.nextBoolean()) {
							write(coordinator, token.get(), false);
						}
					}
					else {
						FencingToken last = this.lastTokens.get(group);
						if (last != null && this.random.nextInt(4) == 0) {
							write(coordinator, last, true);
						}
					}
				}
			}
			catch (Throwable ex) {
				problem("work of " + this.id + " failed", ex);
			}
		}

		private void sample(LeaseCoordinator coordinator, FencingToken token) {
			Instant dbNow;
			try (Connection connection = this.workPool.getConnection();
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT " + now() + " AS db_now")) {
				result.next();
				dbNow = instant(result, "db_now");
			}
			catch (SQLException ex) {
				increment("samples.failed");
				return;
			}
			if (coordinator.token(token.group()).equals(Optional.of(token))) {
				JdbcContentionContractTests.this.samples.add(new Sample(this.id, token.group(), token.value(), dbNow));
			}
		}

		private void write(LeaseCoordinator coordinator, FencingToken token, boolean zombie) {
			Names names = JdbcContentionContractTests.this.names;
			try (Connection connection = this.workPool.getConnection()) {
				connection.setAutoCommit(false);
				try {
					this.guard.check(connection, token);
					try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + names.eventTable()
							+ " (id, kind, group_name, node_id, token, happened_at, zombie) VALUES ("
							+ nextId(names.sequence()) + ", 'W', ?, ?, ?, " + now() + ", ?)")) {
						insert.setString(1, token.group());
						insert.setString(2, this.id);
						insert.setLong(3, token.value());
						insert.setInt(4, zombie ? 1 : 0);
						insert.executeUpdate();
					}
					connection.commit();
					increment(zombie ? "writes.zombie" : "writes");
				}
				catch (FencingException ex) {
					connection.rollback();
					increment("writes.fenced");
					if (zombie) {
						this.lastTokens.remove(token.group(), token);
					}
					else if (coordinator.token(token.group()).equals(Optional.of(token))) {
						// It believed it led before and after the check, so also when the
						// store said the token was stale.
						increment("writes.fencedWhileLeading");
						problem(this.id + " still believes it leads with " + token + " after the guard refused it: "
								+ ex.getMessage());
					}
				}
				catch (SQLException | RuntimeException ex) {
					connection.rollback();
					increment("writes.failed");
				}
			}
			catch (SQLException ex) {
				increment("writes.failed");
			}
		}

		void close() {
			Incarnation current = this.incarnation;
			if (current != null) {
				current.stop();
			}
			this.workPool.close();
		}

	}

	/**
	 * One run of a node's coordinator, over a lease pool of its own.
	 */
	private final class Incarnation implements LeadershipListener {

		private final Node node;

		private final int number;

		private final HikariDataSource pool;

		/** The fast-failover sessions of this incarnation, to kill them. */
		private final KillableSessions sessions;

		private final LeaseCoordinator coordinator;

		/** What this coordinator leads, as its events tell. */
		private final Map<String, FencingToken> held = new ConcurrentHashMap<>();

		private volatile boolean cut;

		Incarnation(Node node, int number) {
			this.node = node;
			this.number = number;
			JdbcContentionContractTests outer = JdbcContentionContractTests.this;
			this.pool = database().newPool(outer.instance, node.id + "-lease-" + number);
			this.sessions = new KillableSessions(new DriverManagerDataSource(database().url(outer.instance),
					database().user(), database().password()));
			JdbcLeaseStore store = new JdbcLeaseStore(this.pool, outer.names.leaseTable());
			if (fastFailover()) {
				store = store.withFastFailover(new FastFailover(this.sessions, FastFailover.DEFAULT_GRACE, 2));
			}
			this.coordinator = LeaseCoordinator.builder(store)
				.nodeId(node.id)
				.timings(LEASE, RENEW, RETRY)
				.groups(outer.groups.toArray(String[]::new))
				.listener(this)
				.observer(new LeaseObserver() {

					@Override
					public void conflictDetected(LeadershipConflict conflict) {
						outer.conflicts.add(conflict);
					}

				})
				.build();
		}

		@Override
		public void onLeadershipChange(LeadershipEvent event) {
			FencingToken token = event.getToken();
			if (event instanceof LeadershipGrantedEvent) {
				this.held.put(token.group(), token);
				JdbcContentionContractTests.this.grants.add(new Grant(this.node.id, this.number, token));
			}
			else if (event instanceof LeadershipRevokedEvent revoked) {
				this.held.remove(token.group(), token);
				boolean afterCut = this.cut;
				JdbcContentionContractTests.this.revocations
					.add(new Revocation(this, token, revoked.getReason(), afterCut));
				if (afterCut && revoked.getReason() == RevocationReason.STORE_UNREACHABLE) {
					observeStepDown(token);
				}
			}
		}

		/**
		 * Right after a node cut off its store stepped down, read its lease through the
		 * node's work pool: when it still holds the token, unexpired, the node stepped
		 * down before its lease expired in database time.
		 */
		private void observeStepDown(FencingToken token) {
			Names names = JdbcContentionContractTests.this.names;
			try (Connection connection = this.node.workPool.getConnection();
					PreparedStatement statement = connection.prepareStatement("SELECT token, holder, expires_at, "
							+ now() + " AS db_now FROM " + names.leaseTable() + " WHERE group_name = ?")) {
				statement.setString(1, token.group());
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					boolean current = result.getLong("token") == token.value()
							&& this.node.id.equals(Identifiers.nodeIdOf(String.valueOf(result.getString("holder"))));
					Instant expiresAt = instant(result, "expires_at");
					Instant dbNow = instant(result, "db_now");
					JdbcContentionContractTests.this.stepDowns
						.add(new StepDown(token, current && dbNow.isBefore(expiresAt)));
				}
			}
			catch (SQLException | RuntimeException ex) {
				JdbcContentionContractTests.this.stepDowns.add(new StepDown(token, false));
			}
		}

		void stop() {
			this.coordinator.stop();
			this.pool.close();
		}

		@Override
		public String toString() {
			return this.node.id + "#" + this.number;
		}

	}

	/**
	 * The tables of one run: unique names, so that runs on a shared database never meet.
	 */
	protected record Names(String leaseTable, String eventTable, String sequence, String trigger) {

		static final String LEASE_PREFIX = "contention_lease_";

		static Names of(String suffix) {
			return new Names(LEASE_PREFIX + suffix, "contention_events_" + suffix, "contention_seq_" + suffix,
					"contention_log_" + suffix);
		}

		/**
		 * The names of the run a lease table belongs to.
		 * @param leaseTable the lease table, in any case
		 * @return the names
		 */
		static Names ofLeaseTable(String leaseTable) {
			String name = leaseTable.toLowerCase(Locale.ROOT);
			if (!name.startsWith(LEASE_PREFIX)) {
				throw new IllegalArgumentException("Not a contention lease table: " + leaseTable);
			}
			return of(name.substring(LEASE_PREFIX.length()));
		}

	}

	/** The node believed it led the group with the token at this database time. */
	private record Sample(String node, String group, long token, Instant at) {

	}

	private record Grant(String node, int incarnation, FencingToken token) {

	}

	private record Revocation(Incarnation incarnation, FencingToken token, RevocationReason reason, boolean afterCut) {

	}

	private record StepDown(FencingToken token, boolean provenBeforeExpiry) {

	}

	/** A row of the lease table as a trigger logged it. */
	private record LeaseChange(long id, String group, String holder, long token, Instant acquiredAt, Instant expiresAt,
			Instant at) {

	}

	/**
	 * A node's kill began (its connections about to be closed) or ended (closed).
	 */
	private record Kill(String node, boolean done) {

	}

	/** A write that passed the guard and committed. */
	private record Write(long id, String group, String node, long token, Instant at, boolean zombie) {

	}

	/**
	 * A token's lease in database time: from its acquisition to the earlier of its last
	 * expiry (or release) and the next acquisition.
	 */
	private static final class Tenure {

		private final long token;

		private final String holder;

		private final Instant from;

		private Instant lastExpiry;

		private Instant nextAcquisition;

		private boolean released;

		/** Whether its holder was killed during it: it may be taken over early. */
		private boolean killed;

		Tenure(long token, String holder, Instant from, Instant lastExpiry) {
			this.token = token;
			this.holder = holder;
			this.from = from;
			this.lastExpiry = lastExpiry;
		}

		String holder() {
			return this.holder;
		}

		/**
		 * Whether the lease ran out in the store, rather than being released or taken
		 * over again by its holder.
		 */
		boolean endedByExpiry() {
			return !this.released && (this.nextAcquisition == null || !this.nextAcquisition.isBefore(this.lastExpiry));
		}

		Instant to() {
			return (this.nextAcquisition != null && this.nextAcquisition.isBefore(this.lastExpiry))
					? this.nextAcquisition : this.lastExpiry;
		}

		@Override
		public String toString() {
			return "token " + this.token + " of " + this.holder + " [" + this.from + ", " + to() + ")";
		}

	}

	/**
	 * The recorded history, read back from the event table.
	 */
	private static final class History {

		private final Map<String, List<Object>> eventsByGroup = new LinkedHashMap<>();

		private final Map<String, TreeMap<Long, Tenure>> tenures = new HashMap<>();

		private final List<Write> writes = new ArrayList<>();

		private int leaseChanges;

		/** Takeovers before expiry from a killed holder. */
		private int fastTakeovers;

		/** How each lease whose holder was killed during it ended, for the summary. */
		private final List<String> killedLeaseEnds = new ArrayList<>();

		static History load(JdbcContentionContractTests test) throws SQLException {
			History history = new History();
			test.groups.forEach((group) -> history.eventsByGroup.put(group, new ArrayList<>()));
			try (Connection connection = test.observer.getConnection();
					Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery(
							"SELECT id, kind, group_name, node_id, token, acquired_at, expires_at, happened_at, zombie"
									+ " FROM " + test.names.eventTable() + " ORDER BY id")) {
				while (result.next()) {
					String group = result.getString("group_name");
					Object event;
					if ("K".equals(result.getString("kind"))) {
						event = new Kill(result.getString("node_id"), result.getInt("zombie") != 0);
					}
					else if ("L".equals(result.getString("kind"))) {
						// The store records instances (node id, '#', nonce); the workload
						// records the node ids of this test's nodes, all distinct.
						String holder = result.getString("node_id");
						event = new LeaseChange(result.getLong("id"), group,
								(holder != null) ? Identifiers.nodeIdOf(holder) : null, result.getLong("token"),
								test.instant(result, "acquired_at"), test.instant(result, "expires_at"),
								test.instant(result, "happened_at"));
						history.leaseChanges++;
					}
					else {
						Write write = new Write(result.getLong("id"), group, result.getString("node_id"),
								result.getLong("token"), test.instant(result, "happened_at"),
								result.getInt("zombie") != 0);
						history.writes.add(write);
						event = write;
					}
					history.eventsByGroup.computeIfAbsent(group, (key) -> new ArrayList<>()).add(event);
				}
			}
			return history;
		}

		TreeMap<Long, Tenure> tenures(String group) {
			return this.tenures.getOrDefault(group, new TreeMap<>());
		}

		List<Write> writes() {
			return this.writes;
		}

		int leaseChanges() {
			return this.leaseChanges;
		}

		List<String> check(Queue<Sample> samples, Queue<Grant> grants) {
			List<String> violations = new ArrayList<>();
			this.eventsByGroup.forEach((group, events) -> replay(group, events, violations));
			checkWriteOrder(violations);
			checkSamples(samples, violations);
			checkGrants(grants, violations);
			return (violations.size() > 50) ? violations.subList(0, 50) : violations;
		}

		/**
		 * Replay a group's lease changes and writes in the order the database made them
		 * (one sequence): tokens advance by one, a token keeps its holder, another holder
		 * takes over only after expiry or release, and every write was made under the
		 * current token by its holder.
		 */
		private void replay(String group, List<Object> events, List<String> violations) {
			TreeMap<Long, Tenure> tenures = new TreeMap<>();
			this.tenures.put(group, tenures);
			long token = 0;
			String holder = null;
			Tenure tenure = null;
			Set<String> dying = new HashSet<>();
			for (Object event : events) {
				if (event instanceof Kill kill) {
					if (kill.done()) {
						dying.remove(kill.node());
					}
					else {
						dying.add(kill.node());
						if (tenure != null && kill.node().equals(tenure.holder)) {
							tenure.killed = true;
						}
					}
				}
				else if (event instanceof LeaseChange change) {
					if (change.token() != token) {
						if (change.token() != token + 1) {
							violations.add(group + ": token jumped from " + token + " to " + change);
						}
						if (change.holder() == null) {
							violations
								.add(group + ": token " + change.token() + " appeared without a holder: " + change);
						}
						if (tenure != null) {
							checkTakeover(group, tenure, change, violations);
							tenure.nextAcquisition = change.at();
							describeKilledLeaseEnd(group, tenure, change);
						}
						tenure = new Tenure(change.token(), change.holder(), change.acquiredAt(), change.expiresAt());
						tenure.killed = dying.contains(change.holder());
						tenures.put(change.token(), tenure);
					}
					else {
						if (change.holder() != null && !change.holder().equals(holder)) {
							violations.add(group + ": token " + token + " held by " + holder + " changed to " + change);
						}
						tenure.lastExpiry = change.expiresAt();
						tenure.released |= change.holder() == null;
					}
					token = change.token();
					holder = change.holder();
				}
				else if (event instanceof Write write) {
					if (write.token() != token || !write.node().equals(holder)) {
						violations.add(group + ": " + write + " committed while the lease was token " + token
								+ " held by " + holder);
					}
				}
			}
		}

		private void describeKilledLeaseEnd(String group, Tenure tenure, LeaseChange change) {
			if (tenure.killed) {
				long beforeExpiry = Duration.between(change.at(), tenure.lastExpiry).toMillis();
				this.killedLeaseEnds.add(String.format("%s token %d of %s: %s by %s %d ms %s its expiry", group,
						tenure.token, tenure.holder, tenure.released ? "released, then taken" : "taken",
						change.holder(), Math.abs(beforeExpiry), (beforeExpiry > 0) ? "before" : "after"));
			}
		}

		/** Writes in database time: tokens never decrease within a group. */
		private void checkWriteOrder(List<String> violations) {
			Map<String, List<Write>> byGroup = this.writes.stream()
				.collect(Collectors.groupingBy(Write::group, LinkedHashMap::new, Collectors.toList()));
			byGroup.forEach((group, writes) -> {
				List<Write> ordered = new ArrayList<>(writes);
				ordered.sort(Comparator.comparing(Write::at).thenComparingLong(Write::id));
				Write previous = null;
				for (Write write : ordered) {
					if (previous != null && write.token() < previous.token()) {
						violations.add(group + ": " + write + " follows " + previous + " in database time");
					}
					previous = write;
				}
			});
		}

		/**
		 * Each belief lies inside its token's lease, held by the believer; beliefs with
		 * different tokens of a group never overlap and come in token order.
		 */
		private void checkSamples(Queue<Sample> samples, List<String> violations) {
			Map<String, TreeMap<Long, Instant[]>> spans = new HashMap<>();
			for (Sample sample : samples) {
				Tenure tenure = tenures(sample.group()).get(sample.token());
				if (tenure == null) {
					violations.add(sample + ": belief in a token the store never granted");
					continue;
				}
				if (!tenure.holder.equals(sample.node())) {
					violations.add(sample + ": belief in " + tenure);
				}
				if (sample.at().isBefore(tenure.from) || !sample.at().isBefore(tenure.to())) {
					violations.add(sample + ": belief outside its lease in database time, " + tenure);
				}
				Instant[] span = spans.computeIfAbsent(sample.group(), (key) -> new TreeMap<>())
					.computeIfAbsent(sample.token(), (key) -> new Instant[] { sample.at(), sample.at() });
				if (sample.at().isBefore(span[0])) {
					span[0] = sample.at();
				}
				if (sample.at().isAfter(span[1])) {
					span[1] = sample.at();
				}
			}
			spans.forEach((group, byToken) -> {
				Instant latest = null;
				long latestToken = 0;
				for (Map.Entry<Long, Instant[]> entry : byToken.entrySet()) {
					Instant[] span = entry.getValue();
					if (latest != null && !span[0].isAfter(latest)) {
						violations.add(group + ": beliefs in token " + entry.getKey() + " from " + span[0]
								+ " overlap or precede beliefs in token " + latestToken + " until " + latest);
					}
					if (latest == null || span[1].isAfter(latest)) {
						latest = span[1];
						latestToken = entry.getKey();
					}
				}
			});
		}

		/**
		 * Each grant matches the store's holder of the token, and no token is granted
		 * twice.
		 */
		private void checkGrants(Queue<Grant> grants, List<String> violations) {
			Map<String, Grant> seen = new HashMap<>();
			for (Grant grant : grants) {
				FencingToken token = grant.token();
				Tenure tenure = tenures(token.group()).get(token.value());
				if (tenure == null || !tenure.holder.equals(grant.node())) {
					violations.add(grant + " does not match the store: " + tenure);
				}
				Grant earlier = seen.put(token.group() + "#" + token.value(), grant);
				if (earlier != null) {
					violations.add(grant + " was granted before: " + earlier);
				}
			}
		}

		/**
		 * The smallest time between a belief sample and the expiry of its lease (leases
		 * that were released are left out), in microseconds.
		 */
		Optional<Long> closestBeliefToLeaseEnd(Queue<Sample> samples) {
			return closest(samples, (sample) -> {
				Tenure tenure = tenures(sample.group()).get(sample.token());
				return tenure != null && tenure.endedByExpiry();
			});
		}

		/**
		 * The same, over leases taken over before their expiry from a killed node.
		 */
		Optional<Long> closestBeliefToFastTakeover(Queue<Sample> samples) {
			return closest(samples, (sample) -> {
				Tenure tenure = tenures(sample.group()).get(sample.token());
				return tenure != null && tenure.killed && tenure.nextAcquisition != null
						&& tenure.nextAcquisition.isBefore(tenure.lastExpiry);
			});
		}

		/**
		 * The same, over leases that a node gave up on its own as its store was
		 * unreachable.
		 */
		Optional<Long> closestBeliefToLeaseEnd(Queue<Sample> samples, Queue<Revocation> revocations) {
			Map<String, Boolean> selfStepDowns = new HashMap<>();
			revocations.stream()
				.filter((revocation) -> revocation.reason() == RevocationReason.STORE_UNREACHABLE)
				.forEach((revocation) -> selfStepDowns
					.put(revocation.token().group() + "#" + revocation.token().value(), true));
			return closest(samples, (sample) -> selfStepDowns.containsKey(sample.group() + "#" + sample.token()));
		}

		private Optional<Long> closest(Queue<Sample> samples, Predicate<Sample> filter) {
			return samples.stream().filter(filter).map((sample) -> {
				Tenure tenure = tenures(sample.group()).get(sample.token());
				return (tenure != null) ? Duration.between(sample.at(), tenure.to()).toNanos() / 1000 : null;
			}).filter((margin) -> margin != null).min(Long::compare);
		}

		/**
		 * A new token while the previous tenure's lease had not expired: allowed only as
		 * a fast takeover from a holder killed during its lease that did not release it.
		 */
		private void checkTakeover(String group, Tenure tenure, LeaseChange change, List<String> violations) {
			if (tenure.holder.equals(change.holder()) || !change.at().isBefore(tenure.lastExpiry)) {
				return;
			}
			if (!tenure.killed || tenure.released) {
				violations
					.add(group + ": " + change + " took over " + tenure + " from another holder before it expired");
			}
			else {
				this.fastTakeovers++;
			}
		}

	}

}
