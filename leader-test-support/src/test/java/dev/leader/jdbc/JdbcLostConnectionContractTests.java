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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Lost connection, run against each {@link TestDatabase} by a subclass named for it: a
 * TCP proxy between the leader (node A) and the database is cut or frozen. A steps down
 * before its lease could have expired in database time, node B (connected directly) takes
 * over after the expiry with a higher token, A's token is fenced, and once the proxy
 * heals A rejoins as a follower and can lead again later.
 */
abstract class JdbcLostConnectionContractTests {

	private static final Log logger = LogFactory.getLog(JdbcLostConnectionContractTests.class);

	/**
	 * A lease of 3 s gives the leader a safety margin of 150 ms (a twentieth): the read
	 * made at its revocation must land inside it, also on a busy machine.
	 */
	private static final Duration LEASE = Duration.ofSeconds(3);

	private static final Duration RENEW = Duration.ofMillis(750);

	private static final Duration RETRY = Duration.ofMillis(200);

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	/** Long enough for a pool to reconnect after a fault (its back-off included). */
	private static final Duration RECONNECT = Duration.ofSeconds(15);

	private static final String NODE_A = "node-a";

	private static final String NODE_B = "node-b";

	private final List<LeadershipEvent> eventsA = new CopyOnWriteArrayList<>();

	private final List<LeadershipEvent> eventsB = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Revocation> revocationA = new CompletableFuture<>();

	private ProxiedNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void setUp() {
		// At most one node may believe it leads at any instant: the fixture samples both.
		this.nodes = new ProxiedNodes(database(), JdbcLeaseStore.DEFAULT_TABLE_NAME, "lost-");
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void leaderCutOffFromTheDatabaseStepsDownInTimeAndRejoinsAsFollower() throws Exception {
		leaderLosesItsConnection(this.nodes.proxy::cut);
	}

	@Test
	void leaderFrozenOffFromTheDatabaseStepsDownInTimeAndRejoinsAsFollower() throws Exception {
		leaderLosesItsConnection(this.nodes.proxy::freeze);
	}

	/**
	 * The leader passes the fencing guard in a Spring-managed transaction, and then its
	 * connection freezes (a paused or vanished client): the database ends the idle
	 * guarded transaction about one lease later, so node B takes over within two leases
	 * of the freeze instead of waiting behind the row lock for hours.
	 */
	@Test
	void guardedTransactionLeftOpenByAFrozenLeaderDelaysTakeoverByAtMostALease() throws Exception {
		this.nodes.nodeA = start(NODE_A, this.nodes.proxiedPool, this::onNodeAEvent);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.nodes.nodeA.isLeader(this.nodes.group));
		FencingToken tokenA = this.nodes.nodeA.token(this.nodes.group).orElseThrow();
		this.nodes.nodeB = start(NODE_B, this.nodes.directPool, this.eventsB::add);
		JdbcFencingGuard guard = new JdbcFencingGuard(this.nodes.proxiedPool, JdbcLeaseStore.DEFAULT_TABLE_NAME,
				LeaseObserver.NONE, LEASE);
		TransactionTemplate transaction = new TransactionTemplate(
				new DataSourceTransactionManager(this.nodes.proxiedPool));
		CountDownLatch checked = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> transaction.executeWithoutResult((status) -> {
			guard.check(tokenA);
			checked.countDown();
			try {
				// The guarded work, paused: the transaction stays open.
				finish.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();

		this.nodes.proxy.freeze();
		long frozenAt = System.nanoTime();

		await().atMost(LEASE.multipliedBy(2)).until(() -> this.nodes.nodeB.isLeader(this.nodes.group));
		logger.info("Node B leads " + Duration.ofNanos(System.nanoTime() - frozenAt).toMillis()
				+ " ms after node A's guarded connection froze");
		FencingToken tokenB = this.nodes.nodeB.token(this.nodes.group).orElseThrow();
		assertThat(tokenB.value()).isGreaterThan(tokenA.value());
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();

		// The paused transaction was ended by the database: it cannot commit.
		finish.countDown();
		this.nodes.proxy.heal();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> writer.get(30, TimeUnit.SECONDS));
	}

	private void leaderLosesItsConnection(Runnable fault) throws Exception {
		// A leads through the proxy; then B follows on its direct pool.
		this.nodes.nodeA = start(NODE_A, this.nodes.proxiedPool, this::onNodeAEvent);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.nodes.nodeA.isLeader(this.nodes.group));
		FencingToken tokenA = this.nodes.nodeA.token(this.nodes.group).orElseThrow();
		this.nodes.nodeB = start(NODE_B, this.nodes.directPool, this.eventsB::add);
		await().during(RENEW.multipliedBy(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.nodes.nodeA.isLeader(this.nodes.group) && !this.nodes.nodeB.isLeader(this.nodes.group));
		// Also warms up B's pool for the read made at A's revocation.
		assertThat(this.nodes.observer.read(this.nodes.group, TIMEOUT).orElseThrow().activeToken()).hasValue(tokenA);

		fault.run();

		// A steps down on its own before its lease could have expired in database time.
		Revocation revocation = this.revocationA.get(LEASE.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
		logger.info("Node A revoked: " + revocation);
		assertThat(revocation.event().getToken()).isEqualTo(tokenA);
		assertThat(revocation.event().getReason()).isEqualTo(RevocationReason.STORE_UNREACHABLE);
		assertThat(revocation.nodeALeader()).as("node A believes it leads when revoked").isFalse();
		assertThat(revocation.nodeBLeader()).as("node B leads when A is revoked").isFalse();
		assertThat(revocation.readFailure()).as("reading the lease at A's revocation failed").isNull();
		Lease atRevocation = revocation.lease();
		assertThat(Identifiers.nodeIdOf(atRevocation.holder())).isEqualTo(NODE_A);
		assertThat(atRevocation.token()).isEqualTo(tokenA.value());
		assertThat(atRevocation.isActive())
			.as("A's lease is still active in database time when A steps down: %s", atRevocation)
			.isTrue();
		assertThat(this.nodes.nodeA.isLeader(this.nodes.group)).isFalse();
		assertThat(this.nodes.nodeA.token(this.nodes.group)).isEmpty();

		// B takes over once A's lease expired in database time, with a higher token.
		await().atMost(LEASE.multipliedBy(3)).until(() -> this.nodes.nodeB.isLeader(this.nodes.group));
		FencingToken tokenB = this.nodes.nodeB.token(this.nodes.group).orElseThrow();
		assertThat(tokenB.value()).isGreaterThan(tokenA.value());
		Lease takenOver = this.nodes.observer.read(this.nodes.group, TIMEOUT).orElseThrow();
		assertThat(takenOver.activeToken()).hasValue(tokenB);
		assertThat(takenOver.acquiredAt()).as("B's acquisition in database time")
			.isAfterOrEqualTo(atRevocation.expiresAt());
		// Events reach listeners on the coordinator's event thread, just after the grant.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.eventsB).first()
				.isInstanceOfSatisfying(LeadershipGrantedEvent.class,
						(granted) -> assertThat(granted.getToken()).isEqualTo(tokenB)));

		// A's token is fenced, whoever checks it.
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.nodes.nodeB.verify(tokenA))
			.withMessageContaining("current token is " + tokenB.value());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.nodes.nodeA.verify(tokenA));

		// Healed, A reaches the database again but stays a follower while B renews.
		this.nodes.proxy.heal();
		await().atMost(RECONNECT)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(this.nodes.nodeA.lease(this.nodes.group).orElseThrow().activeToken())
				.hasValue(tokenB));
		await().during(LEASE)
			.atMost(LEASE.plus(Duration.ofSeconds(5)))
			.until(() -> !this.nodes.nodeA.isLeader(this.nodes.group)
					&& this.nodes.nodeB.token(this.nodes.group).equals(Optional.of(tokenB)));
		assertThat(this.nodes.observer.read(this.nodes.group, TIMEOUT).orElseThrow().activeToken()).hasValue(tokenB);
		assertThat(this.eventsA).hasSize(2);

		// When B yields, A's campaign leads again, with a still higher token.
		await().atMost(RECONNECT).until(() -> {
			this.nodes.nodeB.yield(this.nodes.group);
			return this.nodes.nodeA.isLeader(this.nodes.group);
		});
		FencingToken tokenA2 = this.nodes.nodeA.token(this.nodes.group).orElseThrow();
		assertThat(tokenA2.value()).isGreaterThan(tokenB.value());
		this.nodes.nodeB.verify(tokenA2);
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.nodes.nodeA.verify(tokenB));
		assertThat(this.eventsA).map(JdbcLostConnectionContractTests::describe)
			.containsExactly("granted " + tokenA, "revoked " + tokenA + " STORE_UNREACHABLE", "granted " + tokenA2);
		assertThat(this.eventsB).map(JdbcLostConnectionContractTests::describe)
			.startsWith("granted " + tokenB, "revoked " + tokenB + " YIELDED");
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	private LeaseCoordinator start(String nodeId, DataSource pool, LeadershipListener listener) {
		LeaseCoordinator coordinator = LeaseCoordinator.builder(new JdbcLeaseStore(pool))
			.nodeId(nodeId)
			.timings(LEASE, RENEW, RETRY)
			.groups(this.nodes.group)
			.listener(listener)
			.build();
		coordinator.start();
		return coordinator;
	}

	/**
	 * Node A's listener: at A's first revocation, before anything else, note who believes
	 * it leads and read the lease as B sees it.
	 */
	private void onNodeAEvent(LeadershipEvent event) {
		if (event instanceof LeadershipRevokedEvent revoked && !this.revocationA.isDone()) {
			boolean nodeALeader = event.getSource().isLeader(this.nodes.group);
			LeaseCoordinator b = this.nodes.nodeB;
			boolean nodeBLeader = b != null && b.isLeader(this.nodes.group);
			try {
				Lease lease = this.nodes.observer.read(this.nodes.group, TIMEOUT).orElse(null);
				this.revocationA.complete(new Revocation(revoked, nodeALeader, nodeBLeader, lease, null));
			}
			catch (RuntimeException ex) {
				this.revocationA.complete(new Revocation(revoked, nodeALeader, nodeBLeader, null, ex));
			}
		}
		this.eventsA.add(event);
	}

	private static String describe(LeadershipEvent event) {
		if (event instanceof LeadershipRevokedEvent revoked) {
			return "revoked " + revoked.getToken() + " " + revoked.getReason();
		}
		return "granted " + event.getToken();
	}

	/**
	 * What was true when node A's leadership was revoked.
	 */
	private record Revocation(LeadershipRevokedEvent event, boolean nodeALeader, boolean nodeBLeader, Lease lease,
			RuntimeException readFailure) {

		@Override
		public String toString() {
			String margin = (this.lease != null && this.lease.expiresAt() != null)
					? Duration.between(this.lease.storeTime(), this.lease.expiresAt()).toMillis() + " ms" : "?";
			return this.event + ", A leader " + this.nodeALeader + ", B leader " + this.nodeBLeader + ", lease "
					+ this.lease + " (expires in " + margin + " of database time)"
					+ ((this.readFailure != null) ? ", read failed: " + this.readFailure : "");
		}

	}

}
