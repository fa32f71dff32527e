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

package dev.leader.sample.billing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.Identifiers;
import dev.leader.sample.billing.demo.AuditReport;
import dev.leader.sample.billing.demo.BillingAudit;
import dev.leader.sample.billing.demo.FreePorts;
import dev.leader.sample.billing.demo.JavaLauncher;
import dev.leader.sample.billing.demo.ManagedProcess;
import dev.leader.sample.billing.demo.NodeClient;
import dev.leader.sample.billing.demo.ProviderClient;
import dev.leader.sample.billing.provider.HeldCharge;
import dev.leader.sample.billing.provider.PaymentProviderSimulator;
import dev.leader.sample.billing.provider.Rejection;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos test of the billing sample, whatever the leader store: three node JVMs whose
 * billing data is in PostgreSQL, each reaching the database through a TCP proxy of its
 * own, and the payment provider simulator. The leader is killed with SIGKILL twice (once
 * with a charge in flight at the provider), the next one paused with SIGSTOP beyond its
 * lease while its charge is in flight and resumed, and the one after that cut off from
 * the leader store. Afterwards every due (subscription, period) is charged exactly once
 * at the provider and in the database, and the paused leader's stale charge was rejected.
 * A subclass says where leadership lives: in the database's lease table
 * ({@link BillingChaosPostgresqlTests}) or in etcd ({@link BillingChaosEtcdTests}).
 */
abstract class AbstractBillingChaosTests {

	private static final Log logger = LogFactory.getLog(AbstractBillingChaosTests.class);

	/** The billing database, and the leader store of the JDBC variants. */
	protected static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;

	/** The lease the nodes are configured with, on every store. */
	protected static final Duration LEASE = Duration.ofSeconds(2);

	/**
	 * Failover after a crash takes a lease plus a retry; leave room for a busy machine.
	 */
	private static final Duration FAILOVER = LEASE.plusSeconds(13);

	private static final Duration START = Duration.ofSeconds(120);

	private static final Duration SETTLE = Duration.ofSeconds(120);

	private final Map<String, Node> nodes = new LinkedHashMap<>();

	private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();

	private String schema;

	private HikariDataSource observerPool;

	private JdbcTemplate observer;

	private PaymentProviderSimulator simulator;

	private ProviderClient provider;

	private Path logs;

	private long startedAt;

	/** Kills the nodes should this JVM be stopped before {@link #stopEverything()}. */
	private final Thread killNodes = new Thread(() -> this.processes.forEach(ManagedProcess::close), "kill-nodes");

	@BeforeEach
	void startCluster() throws IOException {
		DATABASE.assumeAvailable();
		this.schema = "billing_chaos_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		startStore(this.schema);
		Runtime.getRuntime().addShutdownHook(this.killNodes);
		this.logs = Files.createDirectories(Path.of("target", "billing-chaos", this.schema));
		logger.info("Node logs in " + this.logs.toAbsolutePath());
		try (HikariDataSource admin = DATABASE.newPool("test", "admin")) {
			new JdbcTemplate(admin).execute("CREATE SCHEMA " + this.schema);
		}
		this.observerPool = DATABASE.newPoolFor(DATABASE.url("test") + "&currentSchema=" + this.schema, "observer");
		this.observer = new JdbcTemplate(this.observerPool);
		this.simulator = PaymentProviderSimulator.start(0);
		this.provider = new ProviderClient(this.simulator.url());
		for (int i = 1; i <= 3; i++) {
			Node node = new Node("node-" + i, new TcpProxy(DATABASE.host(), DATABASE.port()), FreePorts.next());
			this.nodes.put(node.name, node);
			start(node);
		}
	}

	@AfterEach
	void stopEverything() {
		// Whatever happened: no JVM, proxy, simulator, store or schema is left behind.
		this.processes.forEach(ManagedProcess::close);
		if (this.logs != null) {
			Runtime.getRuntime().removeShutdownHook(this.killNodes);
		}
		this.nodes.values().forEach((node) -> node.databaseProxy.close());
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.schema != null) {
			stopStore();
		}
		if (this.observerPool != null) {
			this.observerPool.close();
			try (HikariDataSource admin = DATABASE.newPool("test", "admin")) {
				new JdbcTemplate(admin).execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
			}
		}
	}

	@Test
	void everyDuePeriodIsChargedExactlyOnceThroughCrashesPausesAndPartitions() {
		this.startedAt = System.nanoTime();
		this.nodes.values().forEach(this::awaitUp);
		Lease first = awaitLeader(0);
		awaitChargesUnder(first.token);
		step("%s leads with token %d and charges", first.holder, first.token);

		killLeaderWithAChargeInFlight();
		killLeaderWhileCharging();
		this.nodes.values().forEach(this::awaitUp);
		pauseLeaderBeyondItsLease();
		cutLeaderOffTheStore();

		Instant cutoff = settle();
		step("settled: every period started by %s is charged", cutoff);
		this.nodes.values().forEach((node) -> node.process.terminate());
		this.nodes.values().forEach((node) -> assertThat(node.process.stop(Duration.ofSeconds(30))).isTrue());
		step("nodes stopped");
		AuditReport audit = new BillingAudit(this.observerPool).audit(cutoff, this.provider.charges(),
				this.provider.rejections());
		logger.info("Audit: " + audit);
		assertThat(audit.problems()).isEmpty();
		assertThat(audit.providerDuplicates()).isZero();
		assertThat(audit.databaseDuplicates()).isZero();
		assertThat(audit.periodsMissed()).isZero();
		assertThat(audit.providerCharges()).isEqualTo(audit.periodsCharged()).isGreaterThan(audit.customers());
		assertThat(audit.providerReplays()).isPositive();
		assertThat(audit.providerRejections()).isPositive();
		assertThat(this.observer.queryForList("SELECT DISTINCT fencing_token FROM charge", Long.class))
			.as("leaderships that charged")
			.hasSizeGreaterThanOrEqualTo(5);
		assertChargesFenced(this.observer);
	}

	/**
	 * The leader's next charge is held at the provider; the leader dies; the provider
	 * completes the charge the dead node never records. The next leader charges that
	 * period again with the same idempotency key and gets the same charge back.
	 */
	private void killLeaderWithAChargeInFlight() {
		Held held = holdLeadersNextCharge();
		held.leader.process.kill();
		step("SIGKILL %s (token %d) with a charge in flight", held.leader.name, held.lease.token);
		this.provider.release();
		Lease next = awaitLeader(held.lease.token);
		assertThat(next.holder).isNotEqualTo(held.leader.name);
		step("%s leads with token %d", next.holder, next.token);
		await().atMost(FAILOVER).until(() -> this.provider.report().replays() > 0);
		// The replay's answer comes before its commit.
		await().atMost(FAILOVER)
			.untilAsserted(
					() -> assertThat(recordedChargeOf(held.charge)).containsExactly(chargeIdAtProvider(held.charge)));
		start(held.leader);
	}

	private void killLeaderWhileCharging() {
		Lease lease = awaitLeader(0);
		awaitChargesUnder(lease.token);
		Node leader = this.nodes.get(lease.holder);
		leader.process.kill();
		step("SIGKILL %s (token %d) while charging", leader.name, lease.token);
		Lease next = awaitLeader(lease.token);
		awaitChargesUnder(next.token);
		step("%s leads with token %d and charges", next.holder, next.token);
		start(leader);
	}

	/**
	 * The leader's next charge is held at the provider and the leader is stopped
	 * (SIGSTOP) for longer than its lease: another node takes over and reaches the
	 * provider with a newer token. Resumed (SIGCONT), the old leader's charge goes
	 * through: the provider must reject it.
	 */
	private void pauseLeaderBeyondItsLease() {
		Held held = holdLeadersNextCharge();
		held.leader.process.pause();
		step("SIGSTOP %s (token %d) with a charge in flight", held.leader.name, held.lease.token);
		Lease next = awaitLeader(held.lease.token);
		step("%s leads with token %d", next.holder, next.token);
		await().atMost(FAILOVER)
			.until(() -> this.provider.report().latestTokens().getOrDefault("billing", 0L) >= next.token);
		held.leader.process.resume();
		this.provider.release();
		step("SIGCONT %s", held.leader.name);
		await().atMost(FAILOVER)
			.untilAsserted(() -> assertThat(this.provider.rejections())
				.anySatisfy((rejection) -> assertRejected(rejection, held, next)));
		await().atMost(FAILOVER).until(() -> !held.leader.client.lease().thisNodeLeads());
		step("the provider rejected the charge of %s; it stepped down", held.leader.name);
		logger.info("Refused attempts of the paused leader, as it recorded them: " + this.observer
			.queryForList("SELECT kind, fencing_token FROM fenced_attempt WHERE node = ?", held.leader.name));
	}

	private static void assertRejected(Rejection rejection, Held held, Lease next) {
		assertThat(rejection.fencingToken()).isEqualTo(held.charge.fencingToken());
		assertThat(rejection.idempotencyKey()).isEqualTo(held.charge.idempotencyKey());
		assertThat(rejection.latestToken()).isGreaterThanOrEqualTo(next.token);
	}

	/**
	 * The leader's connections to the leader store are cut and new ones refused: it steps
	 * down, the lease expires, another node takes over. Healed, it rejoins as a follower.
	 */
	private void cutLeaderOffTheStore() {
		Lease lease = awaitLeader(0);
		awaitChargesUnder(lease.token);
		Node leader = this.nodes.get(lease.holder);
		cutOffStore(leader.name);
		step("cut %s (token %d) off the leader store", leader.name, lease.token);
		Lease next = awaitLeader(lease.token);
		assertThat(next.holder).isNotEqualTo(leader.name);
		await().atMost(FAILOVER).until(() -> !leader.client.lease().thisNodeLeads());
		awaitChargesUnder(next.token);
		step("%s leads with token %d and charges; %s stepped down", next.holder, next.token, leader.name);
		healStore(leader.name);
		awaitUp(leader);
		step("healed: %s is up again", leader.name);
	}

	private void step(String format, Object... args) {
		logger
			.info(String.format("[%6.1fs] ", (System.nanoTime() - this.startedAt) / 1e9) + String.format(format, args));
	}

	/**
	 * Wait until every period started by now (database time) is charged. The leader
	 * catches up on the periods that started during the faults; on a loaded machine that
	 * takes tens of seconds (each charge is a few round trips to the database, the
	 * provider and, on etcd, to a quorum of the cluster), hence the generous bound: this
	 * is liveness, the audit checks safety.
	 */
	private Instant settle() {
		Instant cutoff = databaseNow();
		NodeClient client = awaitLeaderNode().client;
		await().atMost(SETTLE).until(() -> client.summary(cutoff).periodsMissed() == 0);
		return cutoff;
	}

	private Held holdLeadersNextCharge() {
		for (int attempt = 1;; attempt++) {
			Lease lease = awaitLeader(0);
			this.provider.holdNext();
			await().atMost(FAILOVER).until(() -> !this.provider.held().isEmpty());
			HeldCharge charge = this.provider.held().get(0);
			if (currentLease()
				.filter((now) -> now.active && now.token == charge.fencingToken() && now.token == lease.token)
				.isPresent()) {
				return new Held(lease, this.nodes.get(lease.holder), charge);
			}
			// Leadership moved while arming the hold (a busy machine): try again.
			assertThat(attempt).as("attempts to hold the leader's charge").isLessThan(3);
			this.provider.release();
		}
	}

	private Lease awaitLeader(long newerThan) {
		return await().atMost(FAILOVER.plus(LEASE))
			.until(() -> currentLease().filter((lease) -> lease.active && lease.token > newerThan), Optional::isPresent)
			.orElseThrow();
	}

	private Node awaitLeaderNode() {
		return this.nodes.get(awaitLeader(0).holder);
	}

	private void awaitChargesUnder(long token) {
		await().atMost(FAILOVER)
			.until(() -> this.observer.queryForObject("SELECT COUNT(*) FROM charge WHERE fencing_token = ?", Long.class,
					token) > 0);
	}

	private Instant databaseNow() {
		return this.observer.queryForObject("SELECT clock_timestamp()", OffsetDateTime.class).toInstant();
	}

	private List<String> recordedChargeOf(HeldCharge charge) {
		return this.observer.queryForList(
				"SELECT provider_charge_id FROM charge WHERE subscription_id = ? AND period = ?", String.class,
				charge.subscriptionId(), charge.period());
	}

	private String chargeIdAtProvider(HeldCharge charge) {
		return this.provider.charges()
			.stream()
			.filter((made) -> made.idempotencyKey().equals(charge.idempotencyKey()))
			.collect(Collectors.collectingAndThen(Collectors.toList(), (made) -> {
				assertThat(made).hasSize(1);
				return made.get(0).chargeId();
			}));
	}

	private void awaitUp(Node node) {
		await().atMost(START).until(node.client::isUp);
	}

	private void start(Node node) {
		String url = DATABASE.urlVia("test", "127.0.0.1", node.databaseProxy.port()) + "&currentSchema=" + this.schema
				+ "&socketTimeout=10";
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=" + profiles(),
				"--spring.datasource.url=" + url, "--server.port=" + node.port, "--leader.node-id=" + node.name,
				"--billing.gateway.url=" + this.simulator.url(), "--billing.customers=200", "--billing.month=3s",
				"--billing.charge-ahead=1s", "--billing.poll-interval=100ms"));
		args.addAll(storeArguments(node.name));
		args.addAll(extraArguments());
		node.process = ManagedProcess.start(node.name,
				JavaLauncher.ofClasspath(nodeClasspath())
					.command(BillingApplication.class.getName(), JavaLauncher.SMALL_JVM, args),
				this.logs.resolve(node.name + ".log"));
		this.processes.add(node.process);
	}

	/**
	 * Start the leader store, before the nodes, unless it is the billing database.
	 * @param name a name unique to this run (the database schema), for the store's
	 * namespace
	 */
	protected void startStore(String name) {
	}

	/**
	 * Stop the leader store, after the nodes.
	 */
	protected void stopStore() {
	}

	/**
	 * The Spring profiles every node runs with.
	 * @return the profiles, comma-separated
	 */
	protected abstract String profiles();

	/**
	 * The arguments that put a node on the leader store, lease timings included.
	 * @param node the node's name
	 * @return the arguments
	 */
	protected abstract List<String> storeArguments(String node);

	/**
	 * More arguments for every node, for a variant of a store's test.
	 * @return the arguments, none by default
	 */
	protected List<String> extraArguments() {
		return List.of();
	}

	/**
	 * The {@code billing} group as the leader store shows it, read by this test (an
	 * auditor), not through a node.
	 * @return the group's latest lease, or empty when the store shows none now
	 */
	protected abstract Optional<Lease> currentLease();

	/**
	 * Cut a node's connections to the leader store, and refuse new ones, until
	 * {@link #healStore(String)}.
	 * @param node the node's name
	 */
	protected abstract void cutOffStore(String node);

	/**
	 * Let a node reach the leader store again.
	 * @param node the node's name
	 */
	protected abstract void healStore(String node);

	/**
	 * Check, after the audit, what the charge transaction's fence of this store left in
	 * the billing database.
	 * @param observer the billing database
	 */
	protected abstract void assertChargesFenced(JdbcTemplate observer);

	/**
	 * The billing database, as this test reads it.
	 * @return the billing database
	 */
	protected JdbcTemplate observer() {
		return this.observer;
	}

	/**
	 * The TCP proxy between a node and the billing database.
	 * @param node the node's name
	 * @return the proxy
	 */
	protected TcpProxy databaseProxy(String node) {
		return this.nodes.get(node).databaseProxy;
	}

	/**
	 * This test's class path without the test classes and test jars, so that the nodes
	 * run with the application's own configuration (and logging).
	 */
	private static String nodeClasspath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.contains("test-classes") && !entry.endsWith("-tests.jar"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	/**
	 * Stores record instances (node name, '#', nonce); the test knows nodes.
	 * @param holder the holder the store records, or {@code null}
	 * @return the node's name, or {@code null}
	 */
	protected static String nodeOf(String holder) {
		return (holder != null) ? Identifiers.nodeIdOf(holder) : null;
	}

	private static final class Node {

		private final String name;

		private final TcpProxy databaseProxy;

		private final int port;

		private final NodeClient client;

		private ManagedProcess process;

		Node(String name, TcpProxy databaseProxy, int port) {
			this.name = name;
			this.databaseProxy = databaseProxy;
			this.port = port;
			this.client = new NodeClient(name, port);
		}

	}

	/**
	 * The {@code billing} group as the leader store shows it.
	 *
	 * @param holder the node that holds or held the lease, or {@code null}
	 * @param token the group's latest token
	 * @param active whether the lease is held and unexpired
	 */
	protected record Lease(String holder, long token, boolean active) {

	}

	private record Held(Lease lease, Node leader, HeldCharge charge) {

	}

}
