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

package dev.leader.sample.billing.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.sample.billing.BillingApplication;
import dev.leader.sample.billing.provider.HeldCharge;
import dev.leader.sample.billing.provider.LedgerCharge;
import dev.leader.sample.billing.provider.PaymentProviderSimulator;
import dev.leader.sample.billing.summary.BillingSummary;

/**
 * The demo of {@code bin/billing-demo}: an H2 database server, the payment provider
 * simulator and three billing nodes, each its own JVM; the leader is killed with SIGKILL
 * in the middle of a batch, the next one paused with SIGSTOP for longer than its lease
 * and resumed; then an audit of the database against the provider's ledger. Everything it
 * started is stopped at the end, also on Ctrl-C. Exits with 1 when the audit fails.
 * <p>
 * Arguments: the sample's executable jar, optionally the directory for the logs, then
 * options ({@link DemoOptions}): with {@code --database=postgresql} the nodes share a
 * PostgreSQL database instead, in a schema made for the run and dropped at the end, and
 * {@code --fast-failover} turns {@code leader.jdbc.fast-failover} on for them.
 *
 * @author leader-spring-boot-starter
 */
public final class BillingDemo {

	private static final int NODES = 3;

	private static final Duration LEASE = Duration.ofSeconds(2);

	private static final Duration MONTH = Duration.ofSeconds(10);

	/** How long the paused leader stays stopped: twice its lease. */
	private static final Duration PAUSE = LEASE.multipliedBy(2);

	private static final Duration POLL = Duration.ofMillis(100);

	/** How often the billing summary, a scan of every charge, is read while waiting. */
	private static final Duration SUMMARY_POLL = Duration.ofSeconds(1);

	/**
	 * How long a new leader may take to charge the periods that started unpaid: on a busy
	 * machine the nodes start slowly, and the backlog at the first fault is large.
	 */
	private static final Duration CATCH_UP = Duration.ofSeconds(120);

	private final JavaLauncher launcher;

	private final Path logs;

	private final DemoOptions options;

	private final PrintStream out = System.out;

	private final long started = System.nanoTime();

	private final List<ManagedProcess> processes = new ArrayList<>();

	private final Map<String, ManagedProcess> nodes = new LinkedHashMap<>();

	private final Map<String, NodeClient> clients = new LinkedHashMap<>();

	private final List<Failover> failovers = new ArrayList<>();

	private @Nullable ProviderClient provider;

	/** Set when the database is started. */
	private String databaseUrl = "";

	/** The schema made for this run on PostgreSQL; {@code null} on H2. */
	private @Nullable String schema;

	private boolean stopped;

	BillingDemo(JavaLauncher launcher, Path logs, DemoOptions options) {
		this.launcher = launcher;
		this.logs = logs;
		this.options = options;
	}

	public static void main(String[] args) throws IOException {
		if (List.of(args).contains("--help")) {
			System.out.println(DemoOptions.USAGE);
			System.exit(0);
		}
		DemoOptions options;
		try {
			options = DemoOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("billing-demo: " + ex.getMessage());
			System.err.println(DemoOptions.USAGE);
			System.exit(2);
			return;
		}
		Path logs = (options.logs() != null) ? Files.createDirectories(options.logs())
				: Files.createTempDirectory("billing-demo-");
		BillingDemo demo = new BillingDemo(JavaLauncher.ofJar(options.jar()), logs, options);
		Runtime.getRuntime().addShutdownHook(new Thread(demo::stopAll, "billing-demo-shutdown"));
		boolean exactlyOnce;
		try {
			exactlyOnce = demo.run();
		}
		catch (RuntimeException ex) {
			if (demo.isStopped()) {
				// Interrupted: the shutdown hook is stopping everything.
				return;
			}
			System.err.println("The demo failed: " + ex.getMessage() + " (logs in " + logs + ")");
			exactlyOnce = false;
		}
		demo.stopAll();
		System.exit(exactlyOnce ? 0 : 1);
	}

	boolean run() {
		this.out
			.println("Subscription billing with leader-spring-boot-starter: 3 nodes, 1 payment provider, 1 database");
		if (isH2()) {
			this.out.println("Logs: " + this.logs + " (node-1.log ... node-3.log, provider.log, database.log)");
			startDatabase();
		}
		else {
			this.out.println("Logs: " + this.logs + " (node-1.log ... node-3.log, provider.log)");
			createSchema();
		}
		if (this.options.explicit()) {
			this.out.println("Mode: " + mode());
		}
		startProvider();
		startNodes();
		LeaseView lease = awaitLeader(null, 0);
		say("Who leads? GET /actuator/leader/billing on each node:");
		for (NodeClient client : this.clients.values()) {
			LeaseView view = client.lease();
			this.out.printf("          %s: leader %s, token %d, this node leads: %s%n", client, view.leader(),
					view.token(), view.thisNodeLeads());
		}
		say("%s leads group 'billing' with token %d; the others stand by", lease.leader(), lease.token());
		BillingSummary summary = anyNode().summary();
		say("%d customers, subscriptions %s; a month lasts %d s, a lease %d s", summary.customers(),
				summary.subscriptions(), MONTH.toSeconds(), LEASE.toSeconds());
		progress(Duration.ofSeconds(6));
		killLeaderMidBatch();
		progress(Duration.ofSeconds(4));
		pauseLeaderBeyondLease();
		Instant cutoff = settle();
		BillingSummary last = anyNode().summary(cutoff);
		stopNodes();
		AuditReport audit = new BillingAudit(new DriverManagerDataSource(this.databaseUrl, this.options.databaseUser(),
				this.options.databasePassword()))
			.audit(cutoff, provider().charges(), provider().rejections());
		printResults(last, audit);
		return audit.exactlyOnce();
	}

	private void startDatabase() {
		int port = FreePorts.next();
		ManagedProcess database = start("database", "org.h2.tools.Server",
				List.of("-tcp", "-tcpPort", Integer.toString(port), "-ifNotExists"));
		this.databaseUrl = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:billing;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
		await("the H2 database server", Duration.ofSeconds(30),
				() -> accepts(port) ? Optional.of(true) : Optional.empty());
		say("Started the H2 database server, %s, on port %d", database, port);
	}

	/**
	 * On PostgreSQL: make a schema for this run, so that it never sees an earlier run's
	 * data; the nodes (Flyway included) and the audit work in it.
	 */
	private void createSchema() {
		String name = "billing_demo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		executeOnDatabase("CREATE SCHEMA " + name);
		this.schema = name;
		this.databaseUrl = this.options.urlOf(name);
		say("Created schema %s in the PostgreSQL database %s (%s at the end)", name, this.options.databaseUrl(),
				this.options.keep() ? "kept" : "dropped");
	}

	/**
	 * Drop this run's schema, unless {@code --keep}: after the nodes stopped.
	 */
	private void dropSchema() {
		String name = this.schema;
		if (name == null) {
			return;
		}
		if (this.options.keep()) {
			this.out.println("Kept schema " + name + " (--keep); drop it with: DROP SCHEMA " + name + " CASCADE");
			return;
		}
		try {
			executeOnDatabase("SET lock_timeout = '10s'", "DROP SCHEMA IF EXISTS " + name + " CASCADE");
			this.out.println("Dropped schema " + name);
		}
		catch (IllegalStateException ex) {
			System.err.println("Could not drop schema " + name + ": " + ex.getMessage());
		}
	}

	private void executeOnDatabase(String... statements) {
		try (Connection connection = DriverManager.getConnection(this.options.databaseUrl(),
				this.options.databaseUser(), this.options.databasePassword());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + this.options.databaseUrl() + " as user "
					+ this.options.databaseUser() + ": " + ex.getMessage(), ex);
		}
	}

	private boolean isH2() {
		return this.options.database() == DemoOptions.Database.H2;
	}

	private String mode() {
		return this.options.describe(this.schema);
	}

	private void startProvider() {
		int port = FreePorts.next();
		ManagedProcess simulator = start("provider", PaymentProviderSimulator.class.getName(),
				List.of("--port=" + port));
		this.provider = new ProviderClient(URI.create("http://127.0.0.1:" + port));
		await("the payment provider simulator", Duration.ofSeconds(30),
				() -> provider().isUp() ? Optional.of(true) : Optional.empty());
		say("Started the payment provider simulator, %s, at %s", simulator, provider().url());
	}

	private void startNodes() {
		for (int i = 1; i <= NODES; i++) {
			String name = "node-" + i;
			int port = FreePorts.next();
			List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--leader.node-id=" + name,
					"--billing.gateway.url=" + provider().url(), "--spring.datasource.url=" + this.databaseUrl,
					"--billing.month=" + MONTH.toSeconds() + "s",
					"--leader.jdbc.lease-duration=" + LEASE.toSeconds() + "s"));
			if (!isH2()) {
				args.addAll(List.of("--spring.profiles.active=postgresql",
						"--spring.datasource.username=" + this.options.databaseUser(),
						"--spring.datasource.password=" + this.options.databasePassword(),
						"--leader.jdbc.fast-failover=" + this.options.fastFailover()));
			}
			this.nodes.put(name, start(name, BillingApplication.class.getName(), args));
			this.clients.put(name, new NodeClient(name, port));
		}
		for (NodeClient client : this.clients.values()) {
			await(client + " to start", Duration.ofSeconds(120),
					() -> client.isUp() ? Optional.of(true) : Optional.empty());
			say("Started %s, %s, at %s", client, node(client.name()), client.url());
		}
	}

	/**
	 * Hold the leader's next charge at the provider, so that the leader is in the middle
	 * of a batch with a charge in flight, SIGKILL it, and let the provider complete the
	 * charge the dead node sent. The next leader charges that period again with the same
	 * idempotency key: the provider answers with the first charge.
	 */
	private void killLeaderMidBatch() {
		LeaseView lease = awaitLeader(null, 0);
		String victim = lease.leader();
		HeldCharge inFlight = holdNextCharge();
		say("%s is in the middle of a batch: its charge of subscription %d period %d (token %d) is in flight at the provider",
				victim, inFlight.subscriptionId(), inFlight.period(), inFlight.fencingToken());
		Instant killedAt = Instant.now();
		node(victim).kill();
		say("SIGKILL %s", node(victim));
		provider().release();
		say("The provider completes the charge %s sent before it died; %s will never record it", victim, victim);
		Failover failover = measureFailover("SIGKILL", victim, lease.token(), killedAt);
		String chargeId = chargeIdOf(inFlight.idempotencyKey());
		await("the new leader to retry the dead leader's charge", Duration.ofSeconds(20),
				() -> (provider().report().replays() > 0) ? Optional.of(true) : Optional.empty());
		say("%s charged subscription %d period %d again with the same idempotency key: the provider answered 200 "
				+ "with the charge it had made for %s (%s). Charged once.", failover.to(), inFlight.subscriptionId(),
				inFlight.period(), victim, chargeId);
	}

	/**
	 * Hold the leader's next charge at the provider, SIGSTOP the leader for longer than
	 * its lease while another node takes over and charges with a newer token, SIGCONT it
	 * and let its charge reach the provider: rejected, 409.
	 */
	private void pauseLeaderBeyondLease() {
		LeaseView lease = awaitLeader(null, 0);
		String victim = lease.leader();
		HeldCharge inFlight = holdNextCharge();
		Instant pausedAt = Instant.now();
		node(victim).pause();
		say("SIGSTOP %s while its charge of subscription %d period %d (token %d) is in flight: paused for %d s, "
				+ "longer than its %d s lease", node(victim), inFlight.subscriptionId(), inFlight.period(),
				inFlight.fencingToken(), PAUSE.toSeconds(), LEASE.toSeconds());
		Failover failover = measureFailover("SIGSTOP", victim, lease.token(), pausedAt);
		await("the pause to last " + PAUSE.toSeconds() + " s", PAUSE.plusSeconds(5),
				() -> (elapsedSince(pausedAt).compareTo(PAUSE) >= 0) ? Optional.of(true) : Optional.empty());
		long rejectedBefore = rejections();
		node(victim).resume();
		say("SIGCONT %s: it wakes up still believing it leads, with its charge under token %d in flight", victim,
				inFlight.fencingToken());
		provider().release();
		await("the provider to answer the stale charge", Duration.ofSeconds(20),
				() -> (rejections() > rejectedBefore) ? Optional.of(true) : Optional.empty());
		say("The provider rejected that charge with 409: it had already seen token %d from %s", failover.toToken(),
				failover.to());
		NodeClient resumed = Objects.requireNonNull(this.clients.get(victim), victim);
		await(victim + " to step down", Duration.ofSeconds(20),
				() -> resumed.lease().thisNodeLeads() ? Optional.empty() : Optional.of(true));
		say("%s stepped down and follows %s", victim, anyNode().lease().leader());
	}

	/**
	 * Measure a failover: until a new leader holds the lease, until it records its first
	 * charge, and until every started period is paid again.
	 */
	private Failover measureFailover(String fault, String victim, long victimToken, Instant faultAt) {
		LeaseView next = awaitLeader(victim, victimToken);
		say("%s leads with token %d, %.2f s after the %s", next.leader(), next.token(),
				Failover.seconds(Duration.between(faultAt, next.acquiredAt())), fault);
		BillingSummary.Leadership term = await("the new leader's first charge", Duration.ofSeconds(30),
				() -> anyNode().summary()
					.leaderships()
					.stream()
					.filter((leadership) -> leadership.token() == next.token())
					.findFirst());
		long lapsed = anyNode().summary().periodsMissed();
		// The summary scans every charge: asked for every 100 ms it keeps the database
		// busy
		// enough to slow the very catch-up it watches, so it is asked once a second here.
		Instant caughtUp = await("the new leader to catch up", CATCH_UP, SUMMARY_POLL, () -> {
			BillingSummary summary = anyNode().summary();
			return (summary.periodsMissed() == 0) ? Optional.of(summary.asOf()) : Optional.empty();
		});
		Failover failover = new Failover(fault, victim, victimToken, next.leader(), next.token(),
				Duration.between(faultAt, next.acquiredAt()), Duration.between(faultAt, term.firstChargeAt()),
				Duration.between(faultAt, caughtUp), lapsed);
		this.failovers.add(failover);
		say("%s charges again %.2f s after the %s; %d periods had started unpaid meanwhile, all paid %.2f s after it",
				next.leader(), Failover.seconds(failover.charging()), fault, lapsed,
				Failover.seconds(failover.caughtUp()));
		return failover;
	}

	/**
	 * Wait until every period started by now (database time) is charged.
	 */
	private Instant settle() {
		Instant cutoff = anyNode().summary().asOf();
		await("every started period to be charged", CATCH_UP,
				() -> (anyNode().summary(cutoff).periodsMissed() == 0) ? Optional.of(true) : Optional.empty());
		say("Settled: every period started by %s is charged", cutoff);
		return cutoff;
	}

	private void stopNodes() {
		say("Stopping the nodes (SIGTERM) before the audit, so that no charge is in flight");
		this.nodes.values().forEach(ManagedProcess::terminate);
		this.nodes.values().forEach((node) -> node.stop(Duration.ofSeconds(20)));
	}

	private void printResults(BillingSummary summary, AuditReport audit) {
		this.out.println();
		this.out.println("Audit of the database against the payment provider's ledger:");
		audit.print(this.out);
		this.out.println();
		if (this.options.explicit()) {
			this.out.println("Mode: " + mode());
		}
		this.out.println("Failovers:");
		this.failovers.forEach((failover) -> this.out.println("  " + failover));
		this.out.println();
		this.out.println("Per node (charges recorded; refused attempts: verify / provider 409 / fencing guard):");
		summary.nodes()
			.forEach((node, figures) -> this.out.printf(
					"  %-8s %7d charges, %d retries answered by idempotency; " + "refused: %d / %d / %d%n", node,
					figures.charges(), figures.providerReplays(), figures.fencedAttempts().get("VERIFY"),
					figures.fencedAttempts().get("PROVIDER"), figures.fencedAttempts().get("GUARD")));
		this.out.println("Leaderships (fencing token: node, charges):");
		summary.leaderships()
			.forEach((term) -> this.out.printf("  token %-3d %-8s %7d charges%n", term.token(), term.node(),
					term.charges()));
		this.out.println("Logs: " + this.logs);
	}

	private HeldCharge holdNextCharge() {
		provider().holdNext();
		return await("the leader's next charge", Duration.ofSeconds(20), () -> provider().held().stream().findFirst());
	}

	private String chargeIdOf(String idempotencyKey) {
		return provider().charges()
			.stream()
			.filter((charge) -> charge.idempotencyKey().equals(idempotencyKey))
			.map(LedgerCharge::chargeId)
			.findFirst()
			.orElse("?");
	}

	private long rejections() {
		return provider().report().staleTokenRejections().getOrDefault("billing", 0L);
	}

	/**
	 * Wait for a leader other than {@code previous}, with a token newer than
	 * {@code previousToken}, as a node that is up sees it.
	 */
	private LeaseView awaitLeader(@Nullable String previous, long previousToken) {
		return await("a leader", Duration.ofSeconds(60), () -> {
			LeaseView lease = anyNode(previous).lease();
			return (lease.hasLeader() && !lease.leader().equals(previous) && lease.token() > previousToken)
					? Optional.of(lease) : Optional.empty();
		});
	}

	/**
	 * Let the leader charge for a while, then until nothing that started is unpaid, so
	 * that the next fault meets a leader keeping up: on a busy machine the nodes start
	 * slowly and the first leader begins with a backlog, which a fault would otherwise
	 * hand on to the next leader together with its own.
	 */
	private void progress(Duration duration) {
		Instant until = Instant.now().plus(duration);
		await("time to pass", duration.plusSeconds(10),
				() -> Instant.now().isBefore(until) ? Optional.empty() : Optional.of(true));
		BillingSummary summary = anyNode().summary();
		if (summary.periodsMissed() > 0) {
			say("%d periods charged so far, %d started unpaid: waiting for the leader to catch up",
					summary.periodsCharged(), summary.periodsMissed());
			summary = await("the leader to catch up", CATCH_UP, SUMMARY_POLL, () -> {
				BillingSummary now = anyNode().summary();
				return (now.periodsMissed() == 0) ? Optional.of(now) : Optional.empty();
			});
		}
		say("%d periods charged so far, none started unpaid: the leader keeps up", summary.periodsCharged());
	}

	/**
	 * The process of a node the demo started.
	 */
	private ManagedProcess node(String name) {
		ManagedProcess node = this.nodes.get(name);
		if (node == null) {
			throw new IllegalStateException("No node named " + name);
		}
		return node;
	}

	private ProviderClient provider() {
		ProviderClient provider = this.provider;
		if (provider == null) {
			throw new IllegalStateException("The provider is not started");
		}
		return provider;
	}

	private NodeClient anyNode() {
		return anyNode(null);
	}

	/**
	 * A node that is running and not paused, other than {@code excluded}.
	 */
	private NodeClient anyNode(@Nullable String excluded) {
		return this.clients.values()
			.stream()
			.filter((client) -> !client.name().equals(excluded) && node(client.name()).isAlive())
			.filter((client) -> !node(client.name()).isPaused())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node is running"));
	}

	private ManagedProcess start(String name, String mainClass, List<String> args) {
		ManagedProcess process = ManagedProcess.start(name,
				this.launcher.command(mainClass, JavaLauncher.SMALL_JVM, args), this.logs.resolve(name + ".log"));
		synchronized (this) {
			this.processes.add(process);
		}
		try {
			Files.writeString(this.logs.resolve("pids"), process.pid() + "\n", StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return process;
	}

	/**
	 * Stop everything this demo started: the nodes gracefully, then the provider and the
	 * database. Idempotent; also the shutdown hook on Ctrl-C.
	 */
	synchronized void stopAll() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		List<ManagedProcess> running = this.processes.stream().filter(ManagedProcess::isAlive).toList();
		if (!running.isEmpty()) {
			this.out.println("Stopping " + running);
			this.nodes.values().forEach(ManagedProcess::terminate);
			for (int i = running.size() - 1; i >= 0; i--) {
				running.get(i).stop(Duration.ofSeconds(15));
			}
		}
		dropSchema();
	}

	synchronized boolean isStopped() {
		return this.stopped;
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Duration elapsedSince(Instant instant) {
		return Duration.between(instant, Instant.now());
	}

	private void say(String format, Object... args) {
		double elapsed = (System.nanoTime() - this.started) / 1e9;
		this.out.printf("[%5.1fs] %s%n", elapsed, String.format(format, args));
	}

	/**
	 * Poll until the check yields a value. The check may fail while a node is restarting
	 * or paused; that counts as "not yet".
	 */
	private static <T> T await(String what, Duration timeout, Supplier<Optional<T>> check) {
		return await(what, timeout, POLL, check);
	}

	private static <T> T await(String what, Duration timeout, Duration poll, Supplier<Optional<T>> check) {
		long deadline = System.nanoTime() + timeout.toNanos();
		RuntimeException last = null;
		while (System.nanoTime() - deadline < 0) {
			try {
				Optional<T> value = check.get();
				if (value.isPresent()) {
					return value.get();
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			try {
				TimeUnit.NANOSECONDS.sleep(poll.toNanos());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + what, ex);
			}
		}
		throw new IllegalStateException("Timed out after " + timeout.toSeconds() + " s waiting for " + what
				+ ((last != null) ? ": " + last.getMessage() : ""));
	}

}
