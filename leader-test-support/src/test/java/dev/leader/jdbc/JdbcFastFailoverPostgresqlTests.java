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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Fast failover on PostgreSQL: node A leads, node B follows and waits on A's liveness
 * session. When A's session ends (its sockets closed as by a killed process, or the
 * backend terminated by an administrator) B takes over within milliseconds with a greater
 * token; while A's session stays alive (a frozen network, or a node whose store calls
 * hang while its process and session live on, as in a pause) B waits for the lease to
 * expire, as without the option. Both nodes' beliefs are sampled every millisecond.
 */
class JdbcFastFailoverPostgresqlTests {

	private static final Log logger = LogFactory.getLog(JdbcFastFailoverPostgresqlTests.class);

	private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;

	private static final Duration LEASE = Duration.ofSeconds(4);

	private static final Duration RENEW = Duration.ofSeconds(1);

	private static final Duration RETRY = Duration.ofMillis(500);

	private static final Duration GRACE = FastFailover.DEFAULT_GRACE;

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final List<LeadershipEvent> eventsA = new CopyOnWriteArrayList<>();

	private final AtomicInteger bothLeading = new AtomicInteger();

	/** When node A was first seen not leading after the fault (System.nanoTime). */
	private final AtomicLong aDownAt = new AtomicLong();

	/** When node B was first seen leading (System.nanoTime). */
	private final AtomicLong bUpAt = new AtomicLong();

	private volatile boolean faulted;

	private String instance;

	private HikariDataSource directPool;

	private HikariDataSource proxiedPool;

	private TcpProxy proxy;

	private JdbcLeaseStore observer;

	private ScheduledExecutorService sampler;

	private String group;

	private volatile LeaseCoordinator nodeA;

	private volatile LeaseCoordinator nodeB;

	@BeforeEach
	void setUp() {
		DATABASE.assumeAvailable();
		this.instance = DATABASE.newInstance();
		this.directPool = DATABASE.newPool(this.instance, "node-b-direct");
		JdbcLeaseSchema.create(this.directPool, "leader_lease");
		this.observer = new JdbcLeaseStore(this.directPool);
		this.proxy = new TcpProxy(DATABASE.host(), DATABASE.port());
		this.proxiedPool = DATABASE.newPoolFor(proxiedUrl(), "node-a-via-proxy");
		this.group = "fast-" + UUID.randomUUID();
		this.sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "belief-sampler");
			thread.setDaemon(true);
			return thread;
		});
		this.sampler.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.MILLISECONDS);
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		if (this.sampler != null) {
			this.sampler.shutdownNow();
			this.sampler.awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.proxy != null) {
			this.proxy.heal();
		}
		if (this.nodeA != null) {
			this.nodeA.stop();
		}
		if (this.nodeB != null) {
			this.nodeB.stop();
		}
		if (this.proxiedPool != null) {
			this.proxiedPool.close();
		}
		if (this.directPool != null) {
			this.directPool.close();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
	}

	/**
	 * Every connection of node A closes at once, as the kernel closes the sockets of a
	 * killed process: the server ends A's liveness session and B takes over long before
	 * A's lease would have expired.
	 */
	@Test
	void leaderWhoseConnectionsCloseIsReplacedWithinMilliseconds() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB(proxiedUrl());
		Lease before = this.observer.read(this.group, TIMEOUT).orElseThrow();

		long cutAt = fault(this.proxy::cut);

		await().atMost(LEASE.dividedBy(2)).until(() -> this.nodeB.isLeader(this.group));
		Duration took = Duration.ofNanos(this.bUpAt.get() - cutAt);
		FencingToken tokenB = this.nodeB.token(this.group).orElseThrow();
		Lease after = this.observer.read(this.group, TIMEOUT).orElseThrow();
		logger.info("Node B leads " + took.toMillis() + " ms after node A's connections closed; A's lease would have"
				+ " run " + Duration.between(after.acquiredAt(), before.expiresAt()).toMillis() + " ms more");
		assertThat(tokenB.value()).isGreaterThan(tokenA.value());
		assertThat(after.activeToken()).hasValue(tokenB);
		assertThat(after.acquiredAt()).as("B's takeover in database time").isBefore(before.expiresAt());
		assertThat(took).isLessThan(LEASE.dividedBy(4));
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.nodeB.verify(tokenA));
		await().atMost(TIMEOUT).until(() -> !this.nodeA.isLeader(this.group));
		assertThat(this.bothLeading.get()).as("samples where both nodes believed they lead").isZero();
	}

	/**
	 * An administrator ends A's liveness session ({@code pg_terminate_backend}) while A
	 * runs on: A learns it from its driver and steps down at once, within the grace B
	 * waits before it takes over; A then starts again as a new instance, a follower.
	 */
	@Test
	void leaderWhoseLivenessSessionIsTerminatedStepsDownBeforeTheTakeover() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB(proxiedUrl());
		String instanceA = this.nodeA.instanceId();
		long pid = livenessPid(instanceA);

		long terminatedAt = fault(() -> terminate(pid));

		await().atMost(LEASE.dividedBy(2)).until(() -> this.nodeB.isLeader(this.group) && this.aDownAt.get() != 0);
		long aNotice = this.aDownAt.get() - terminatedAt;
		long bTakeover = this.bUpAt.get() - terminatedAt;
		logger.info(String.format(
				"pg_terminate_backend: A stepped down after %.1f ms, B led after %.1f ms: "
						+ "%.1f ms with nobody leading, %d samples where both believed",
				aNotice / 1e6, bTakeover / 1e6, (bTakeover - aNotice) / 1e6, this.bothLeading.get()));
		assertThat(aNotice).as("A stepped down before B took over").isLessThan(bTakeover);
		assertThat(this.bothLeading.get()).as("samples where both nodes believed they lead").isZero();
		assertThat(this.nodeB.token(this.group).orElseThrow().value()).isGreaterThan(tokenA.value());
		assertThat(this.eventsA).filteredOn(LeadershipRevokedEvent.class::isInstance)
			.map((event) -> ((LeadershipRevokedEvent) event).getReason())
			.first()
			.isEqualTo(RevocationReason.LEASE_LOST);
		// A new session is a new instance, which follows B.
		await().atMost(TIMEOUT.multipliedBy(2)).until(() -> !this.nodeA.instanceId().equals(instanceA));
		await().atMost(TIMEOUT.multipliedBy(2)).until(() -> livenessHeld(this.nodeA.instanceId()));
		assertThat(this.nodeA.isLeader(this.group)).isFalse();
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.nodeA.verify(tokenA));
	}

	/**
	 * The network between A and the database freezes: A's session stays open on the
	 * server, which cannot tell a silent node from a dead one within two leases. A steps
	 * down at its local deadline, B takes over only once A's lease expired.
	 */
	@Test
	void leaderBehindAFrozenNetworkIsWaitedOut() throws Exception {
		leadOnAWatchedByB(proxiedUrl());

		long frozenAt = fault(this.proxy::freeze);

		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodeB.isLeader(this.group));
		Duration took = Duration.ofNanos(this.bUpAt.get() - frozenAt);
		logger.info("Node B leads " + took.toMillis() + " ms after node A's network froze");
		assertThat(took).as("no takeover before A's lease expired").isGreaterThan(LEASE.minus(RENEW).minusMillis(100));
		assertThat(this.bothLeading.get()).as("samples where both nodes believed they lead").isZero();
		FencingToken tokenB = this.nodeB.token(this.group).orElseThrow();

		// Healed, the proxy drops A's frozen connections: its session ends, which B's
		// wait learns; B holds the lease itself, so nothing changes hands.
		this.proxy.heal();
		await().atMost(LEASE).until(() -> !waitedOn(this.nodeA.instanceId()) || this.nodeB.token(this.group).isEmpty());
		await().during(RENEW.multipliedBy(2))
			.atMost(RENEW.multipliedBy(3))
			.until(() -> this.nodeB.token(this.group).map(tokenB::equals).orElse(false));
	}

	/**
	 * A's store calls hang while its process and liveness session live on, as for a
	 * paused process whose sockets the kernel keeps: no fast takeover, the lease expires
	 * first.
	 */
	@Test
	void leaderWhoseSessionStaysAliveIsWaitedOutThoughItCannotRenew() throws Exception {
		leadOnAWatchedByB(DATABASE.url(this.instance));
		String instanceA = this.nodeA.instanceId();

		long frozenAt = fault(this.proxy::freeze);

		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodeB.isLeader(this.group));
		Duration took = Duration.ofNanos(this.bUpAt.get() - frozenAt);
		logger.info("Node B leads " + took.toMillis() + " ms after node A's store calls froze");
		assertThat(took).as("no takeover before A's lease expired").isGreaterThan(LEASE.minus(RENEW).minusMillis(100));
		assertThat(this.bothLeading.get()).as("samples where both nodes believed they lead").isZero();
		assertThat(this.nodeA.instanceId()).isEqualTo(instanceA);
		assertThat(livenessHeld(instanceA)).as("A's liveness session is alive").isTrue();
	}

	/**
	 * A leader without fast failover holds no liveness lock: the follower's wait finds it
	 * free, which proves nothing (the session may have ended long before), so even when
	 * A's connections close the follower waits for the lease to expire.
	 */
	@Test
	void leaseOfAnInstanceWhoseLockWasNeverSeenHeldIsWaitedOut() throws Exception {
		LeaseCoordinator plain = LeaseCoordinator.builder(new JdbcLeaseStore(this.proxiedPool))
			.nodeId("node-a")
			.timings(LEASE, RENEW, RETRY)
			.groups(this.group)
			.listener(this::onNodeAEvent)
			.build();
		plain.start();
		this.nodeA = plain;
		await().atMost(Duration.ofSeconds(10)).until(() -> this.nodeA.isLeader(this.group));
		this.nodeB = start("node-b", this.directPool, DATABASE.url(this.instance), (event) -> {
		});
		// B read A's lease: its wait found A's lock free and ended.
		await().during(RENEW).atMost(RENEW.multipliedBy(3)).until(() -> !waitedOn(this.nodeA.instanceId()));

		long cutAt = fault(this.proxy::cut);

		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodeB.isLeader(this.group));
		Duration took = Duration.ofNanos(this.bUpAt.get() - cutAt);
		logger
			.info("Node B leads " + took.toMillis() + " ms after the connections of node A (no fast failover) closed");
		assertThat(took).as("no takeover before A's lease expired").isGreaterThan(LEASE.minus(RENEW).minusMillis(100));
		assertThat(this.bothLeading.get()).as("samples where both nodes believed they lead").isZero();
	}

	/**
	 * A leads with its pool through the proxy and its liveness sessions at
	 * {@code sessionsUrl}; B, on its direct pool and sessions, follows and waits on A's
	 * liveness lock.
	 */
	private FencingToken leadOnAWatchedByB(String sessionsUrl) {
		this.nodeA = start("node-a", this.proxiedPool, sessionsUrl, this::onNodeAEvent);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.nodeA.isLeader(this.group));
		FencingToken tokenA = this.nodeA.token(this.group).orElseThrow();
		this.nodeB = start("node-b", this.directPool, DATABASE.url(this.instance), (event) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> waitedOn(this.nodeA.instanceId()));
		assertThat(this.nodeB.isLeader(this.group)).isFalse();
		return tokenA;
	}

	private LeaseCoordinator start(String nodeId, DataSource pool, String sessionsUrl,
			dev.leader.LeadershipListener listener) {
		DataSource sessions = new DriverManagerDataSource(sessionsUrl, "postgres", "");
		JdbcLeaseStore store = new JdbcLeaseStore(pool).withFastFailover(new FastFailover(sessions, GRACE, 4));
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store)
			.nodeId(nodeId)
			.timings(LEASE, RENEW, RETRY)
			.groups(this.group)
			.listener(listener)
			.build();
		coordinator.start();
		return coordinator;
	}

	private long fault(Runnable fault) {
		this.faulted = true;
		long at = System.nanoTime();
		fault.run();
		return at;
	}

	private void sample() {
		LeaseCoordinator a = this.nodeA;
		LeaseCoordinator b = this.nodeB;
		boolean aLeads = a != null && a.isLeader(this.group);
		boolean bLeads = b != null && b.isLeader(this.group);
		long now = System.nanoTime();
		if (aLeads && bLeads) {
			this.bothLeading.incrementAndGet();
		}
		if (this.faulted && !aLeads) {
			this.aDownAt.compareAndSet(0, now);
		}
		if (bLeads) {
			this.bUpAt.compareAndSet(0, now);
		}
	}

	private void onNodeAEvent(LeadershipEvent event) {
		this.eventsA.add(event);
	}

	private String proxiedUrl() {
		return DATABASE.urlVia(this.instance, "127.0.0.1", this.proxy.port());
	}

	/** Whether a session waits for the liveness lock of an instance. */
	private boolean waitedOn(String instanceId) {
		return countLocks(instanceId, false) > 0;
	}

	private boolean livenessHeld(String instanceId) {
		return countLocks(instanceId, true) > 0;
	}

	private long livenessPid(String instanceId) throws SQLException {
		try (Connection connection = this.directPool.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT pid FROM pg_locks WHERE " + LOCK_OF_KEY + " AND granted")) {
			statement.setLong(1, LivenessLocks.key(instanceId));
			try (ResultSet result = statement.executeQuery()) {
				assertThat(result.next()).as("liveness lock of %s held", instanceId).isTrue();
				return result.getLong(1);
			}
		}
	}

	private long countLocks(String instanceId, boolean granted) {
		try (Connection connection = this.directPool.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT COUNT(*) FROM pg_locks WHERE " + LOCK_OF_KEY + " AND granted = ?")) {
			statement.setLong(1, LivenessLocks.key(instanceId));
			statement.setBoolean(2, granted);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void terminate(long pid) {
		try (Connection connection = this.directPool.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
			statement.setInt(1, (int) pid);
			statement.executeQuery().close();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final String LOCK_OF_KEY = "locktype = 'advisory' AND objsubid = 1 AND "
			+ "((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = ?";

}
