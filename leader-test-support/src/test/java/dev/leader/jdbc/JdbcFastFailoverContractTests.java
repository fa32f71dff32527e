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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.engine.PlacementPolicy;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Fast failover, run against each database by a subclass named for it: node A leads, node
 * B follows and waits on A's liveness session. When A's session ends (its sockets closed
 * as by a killed process, or the session ended by an administrator) B takes over within
 * milliseconds with a greater token; while A's session stays alive (a frozen network, or
 * a node whose store calls hang while its process and session live on, as in a pause) B
 * waits for the lease to expire, as without the option. Both nodes' beliefs are sampled
 * every millisecond.
 */
abstract class JdbcFastFailoverContractTests {

	private static final Log logger = LogFactory.getLog(JdbcFastFailoverContractTests.class);

	/**
	 * The lease table of these tests, apart from the other tests' on the shared servers.
	 */
	static final String TABLE = "leader_lease_ff";

	static final Duration LEASE = Duration.ofSeconds(4);

	static final Duration RENEW = Duration.ofSeconds(1);

	static final Duration RETRY = Duration.ofMillis(500);

	static final Duration GRACE = FastFailover.DEFAULT_GRACE;

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final List<LeadershipEvent> eventsA = new CopyOnWriteArrayList<>();

	private ProxiedNodes nodes;

	protected abstract TestDatabase database();

	protected abstract LivenessProbe probe();

	@BeforeEach
	void setUp() {
		this.nodes = new ProxiedNodes(database(), TABLE, "fast-");
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	/**
	 * Every connection of node A closes at once, as the kernel closes the sockets of a
	 * killed process: the server ends A's liveness session and B takes over long before
	 * A's lease would have expired.
	 */
	@Test
	void leaderWhoseConnectionsCloseIsReplacedWithinMilliseconds() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB(this.nodes.proxiedUrl());
		Lease before = this.nodes.observer.read(this.nodes.group, TIMEOUT).orElseThrow();

		long cutAt = this.nodes.fault(this.nodes.proxy::cut);

		await().atMost(LEASE.dividedBy(2)).until(() -> this.nodes.bUpAt() != 0);
		Duration took = Duration.ofNanos(this.nodes.bUpAt() - cutAt);
		FencingToken tokenB = nodeB().token(group()).orElseThrow();
		Lease after = this.nodes.observer.read(group(), TIMEOUT).orElseThrow();
		logger.info(database() + ": node B leads " + took.toMillis() + " ms after node A's connections closed; A's "
				+ "lease would have run " + Duration.between(after.acquiredAt(), before.expiresAt()).toMillis()
				+ " ms more");
		assertThat(tokenB.value()).isGreaterThan(tokenA.value());
		assertThat(after.activeToken()).hasValue(tokenB);
		assertThat(after.acquiredAt()).as("B's takeover in database time").isBefore(before.expiresAt());
		assertThat(took).isLessThan(LEASE.dividedBy(4));
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> nodeB().verify(tokenA));
		await().atMost(TIMEOUT).until(() -> !nodeA().isLeader(group()));
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	/**
	 * An administrator ends A's liveness session ({@code pg_terminate_backend},
	 * {@code KILL}) while A runs on: A learns it at once and steps down, within the grace
	 * B waits before it takes over; A then starts again as a new instance, a follower.
	 */
	@Test
	void leaderWhoseLivenessSessionIsTerminatedStepsDownBeforeTheTakeover() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB(this.nodes.proxiedUrl());
		String instanceA = nodeA().instanceId();
		long session = probe().livenessSession(this.nodes.directPool, instanceA);

		long terminatedAt = this.nodes.fault(() -> probe().terminate(this.nodes.directPool, session));

		await().atMost(LEASE.dividedBy(2)).until(() -> this.nodes.bUpAt() != 0 && this.nodes.aDownAt() != 0);
		long aNotice = this.nodes.aDownAt() - terminatedAt;
		long bTakeover = this.nodes.bUpAt() - terminatedAt;
		logger.info(String.format(
				"%s, %s: A stepped down after %.1f ms, B led after %.1f ms: "
						+ "%.1f ms with nobody leading, %d samples where both believed",
				database(), probe().terminateName(), aNotice / 1e6, bTakeover / 1e6, (bTakeover - aNotice) / 1e6,
				this.nodes.bothLeading()));
		assertThat(aNotice).as("A stepped down before B took over").isLessThan(bTakeover);
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
		assertThat(nodeB().token(group()).orElseThrow().value()).isGreaterThan(tokenA.value());
		assertThat(this.eventsA).filteredOn(LeadershipRevokedEvent.class::isInstance)
			.map((event) -> ((LeadershipRevokedEvent) event).getReason())
			.first()
			.isEqualTo(RevocationReason.LEASE_LOST);
		// A new session is a new instance, which follows B.
		await().atMost(TIMEOUT.multipliedBy(2)).until(() -> !nodeA().instanceId().equals(instanceA));
		await().atMost(TIMEOUT.multipliedBy(2))
			.until(() -> probe().isHeld(this.nodes.directPool, nodeA().instanceId()));
		assertThat(nodeA().isLeader(group())).isFalse();
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> nodeA().verify(tokenA));
	}

	/**
	 * The network between A and the database freezes: A's session stays open on the
	 * server, which cannot tell a silent node from a dead one within two leases. A steps
	 * down at its local deadline, B takes over only once A's lease expired.
	 */
	@Test
	void leaderBehindAFrozenNetworkIsWaitedOut() throws Exception {
		leadOnAWatchedByB(this.nodes.proxiedUrl());

		long frozenAt = this.nodes.fault(this.nodes.proxy::freeze);

		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodes.bUpAt() != 0);
		Duration took = Duration.ofNanos(this.nodes.bUpAt() - frozenAt);
		logger.info(database() + ": node B leads " + took.toMillis() + " ms after node A's network froze");
		assertThat(took).as("no takeover before A's lease expired").isGreaterThan(LEASE.minus(RENEW).minusMillis(100));
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
		FencingToken tokenB = nodeB().token(group()).orElseThrow();

		// Healed, the proxy drops A's frozen connections: its session ends, which B's
		// wait learns; B holds the lease itself, so nothing changes hands.
		this.nodes.proxy.heal();
		await().atMost(LEASE)
			.until(() -> !probe().isWaitedOn(this.nodes.directPool, nodeA().instanceId())
					|| nodeB().token(group()).isEmpty());
		await().during(RENEW.multipliedBy(2))
			.atMost(RENEW.multipliedBy(3))
			.until(() -> nodeB().token(group()).map(tokenB::equals).orElse(false));
	}

	/**
	 * A's store calls hang while its process and liveness session live on, as for a
	 * paused process whose sockets the kernel keeps: no fast takeover, the lease expires
	 * first.
	 */
	@Test
	void leaderWhoseSessionStaysAliveIsWaitedOutThoughItCannotRenew() throws Exception {
		leadOnAWatchedByB(this.nodes.directUrl());
		String instanceA = nodeA().instanceId();

		long frozenAt = this.nodes.fault(this.nodes.proxy::freeze);

		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodes.bUpAt() != 0);
		Duration took = Duration.ofNanos(this.nodes.bUpAt() - frozenAt);
		logger.info(database() + ": node B leads " + took.toMillis() + " ms after node A's store calls froze");
		assertThat(took).as("no takeover before A's lease expired").isGreaterThan(LEASE.minus(RENEW).minusMillis(100));
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
		assertThat(nodeA().instanceId()).isEqualTo(instanceA);
		assertThat(probe().isHeld(this.nodes.directPool, instanceA)).as("A's liveness session is alive").isTrue();
	}

	/**
	 * A leader without fast failover holds no liveness lock: the follower's wait finds it
	 * free, which proves nothing (the session may have ended long before), so even when
	 * A's connections close the follower waits for the lease to expire.
	 */
	@Test
	void leaseOfAnInstanceWhoseLockWasNeverSeenHeldIsWaitedOut() throws Exception {
		LeaseCoordinator plain = LeaseCoordinator.builder(new JdbcLeaseStore(this.nodes.proxiedPool, TABLE))
			.nodeId("node-a")
			.timings(LEASE, RENEW, RETRY)
			.groups(group())
			.listener(this::onNodeAEvent)
			.build();
		plain.start();
		this.nodes.nodeA = plain;
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeA().isLeader(group()));
		this.nodes.nodeB = start("node-b", this.nodes.directPool, this.nodes.directUrl(), (event) -> {
		});
		// B read A's lease: its wait found A's lock free and ended.
		await().during(RENEW)
			.atMost(RENEW.multipliedBy(3))
			.until(() -> !probe().isWaitedOn(this.nodes.directPool, nodeA().instanceId()));

		long cutAt = this.nodes.fault(this.nodes.proxy::cut);

		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodes.bUpAt() != 0);
		Duration took = Duration.ofNanos(this.nodes.bUpAt() - cutAt);
		logger.info(database() + ": node B leads " + took.toMillis()
				+ " ms after the connections of node A (no fast failover) closed");
		assertThat(took).as("no takeover before A's lease expired").isGreaterThan(LEASE.minus(RENEW).minusMillis(100));
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	/**
	 * Balanced over two groups, A and B each lead one: B is at its share, and would leave
	 * a free group to a node with room for the backup delay. A's connections close: B,
	 * the only node that knows A's session ended, takes A's group over within
	 * milliseconds, instead of leaving it leaderless until A's lease expires (a dead
	 * leader's groups are not left to nodes with room that may not watch it).
	 */
	@Test
	void followerAtItsShareTakesOverTheGroupOfALeaderWhoseConnectionsCloseWithinMilliseconds() throws Exception {
		String other = group() + "-2";
		PlacementPolicy placement = PlacementPolicy.DEFAULTS.withDelays(Duration.ofMillis(200), LEASE,
				PlacementPolicy.DEFAULT_YIELD_COOL_DOWN);
		this.nodes.nodeA = startNode(this.nodes, "node-a", this.nodes.proxiedPool, this.nodes.proxiedUrl(), placement,
				group(), other);
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeA().isLeader(group()) && nodeA().isLeader(other));
		this.nodes.nodeB = startNode(this.nodes, "node-b", this.nodes.directPool, this.nodes.directUrl(), placement,
				group(), other);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> nodeA().isLeader(group()) != nodeA().isLeader(other)
					&& nodeB().isLeader(group()) != nodeB().isLeader(other));
		String groupOfA = nodeA().isLeader(group()) ? group() : other;
		FencingToken tokenA = nodeA().token(groupOfA).orElseThrow();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> probe().isWaitedOn(this.nodes.directPool, nodeA().instanceId()));
		Lease before = this.nodes.observer.read(groupOfA, TIMEOUT).orElseThrow();

		long cutAt = this.nodes.fault(this.nodes.proxy::cut);

		await().atMost(LEASE.multipliedBy(2))
			.pollInterval(Duration.ofMillis(2))
			.until(() -> nodeB().isLeader(groupOfA));
		Duration took = Duration.ofNanos(System.nanoTime() - cutAt);
		Lease after = this.nodes.observer.read(groupOfA, TIMEOUT).orElseThrow();
		logger.info(database() + ": node B, at its share, leads A's group " + took.toMillis()
				+ " ms after node A's connections closed");
		assertThat(after.activeToken()).hasValueSatisfying((token) -> {
			assertThat(token.holder()).isEqualTo(nodeB().instanceId());
			assertThat(token.value()).isGreaterThan(tokenA.value());
		});
		assertThat(after.acquiredAt()).as("B's takeover in database time").isBefore(before.expiresAt());
		assertThat(took).isLessThan(LEASE.dividedBy(4));
	}

	/**
	 * A leads with its pool through the proxy and its liveness sessions at
	 * {@code sessionsUrl}; B, on its direct pool and sessions, follows and waits on A's
	 * liveness lock.
	 */
	private FencingToken leadOnAWatchedByB(String sessionsUrl) {
		this.nodes.nodeA = start("node-a", this.nodes.proxiedPool, sessionsUrl, this::onNodeAEvent);
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeA().isLeader(group()));
		FencingToken tokenA = nodeA().token(group()).orElseThrow();
		this.nodes.nodeB = start("node-b", this.nodes.directPool, this.nodes.directUrl(), (event) -> {
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> probe().isWaitedOn(this.nodes.directPool, nodeA().instanceId()));
		assertThat(nodeB().isLeader(group())).isFalse();
		return tokenA;
	}

	private LeaseCoordinator start(String nodeId, DataSource pool, String sessionsUrl, LeadershipListener listener) {
		return startNode(this.nodes, nodeId, pool, sessionsUrl, listener);
	}

	/**
	 * Start a node with fast failover on a fixture's lease table, its sessions opened at
	 * {@code sessionsUrl}.
	 */
	static LeaseCoordinator startNode(ProxiedNodes nodes, String nodeId, DataSource pool, String sessionsUrl,
			LeadershipListener listener) {
		DataSource sessions = new DriverManagerDataSource(sessionsUrl, nodes.database.user(),
				nodes.database.password());
		JdbcLeaseStore store = new JdbcLeaseStore(pool, nodes.table)
			.withFastFailover(new FastFailover(sessions, GRACE, 4));
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store)
			.nodeId(nodeId)
			.timings(LEASE, RENEW, RETRY)
			.groups(nodes.group)
			.listener(listener)
			.build();
		coordinator.start();
		return coordinator;
	}

	private static LeaseCoordinator startNode(ProxiedNodes nodes, String nodeId, DataSource pool, String sessionsUrl,
			PlacementPolicy placement, String... groups) {
		JdbcLeaseStore store = new JdbcLeaseStore(pool, nodes.table).withFastFailover(new FastFailover(
				new DriverManagerDataSource(sessionsUrl, nodes.database.user(), nodes.database.password()), GRACE, 4));
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store)
			.nodeId(nodeId)
			.timings(LEASE, RENEW, RETRY)
			.groups(groups)
			.placement(placement)
			.build();
		coordinator.start();
		return coordinator;
	}

	private void onNodeAEvent(LeadershipEvent event) {
		this.eventsA.add(event);
	}

	private LeaseCoordinator nodeA() {
		return this.nodes.nodeA;
	}

	private LeaseCoordinator nodeB() {
		return this.nodes.nodeB;
	}

	private String group() {
		return this.nodes.group;
	}

}
