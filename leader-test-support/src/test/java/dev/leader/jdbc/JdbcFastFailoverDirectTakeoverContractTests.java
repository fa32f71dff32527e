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
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingToken;
import dev.leader.Lease;
import dev.leader.jdbc.RecordingDataSource.Sent;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fast failover's direct takeover, run against each database by a subclass named for it:
 * once the session of the instance that leads ended and the grace passed, the follower
 * takes over with the holder and token of its last read, without reading first; a read
 * that is stale by then (the lease changed hands, or its token moved) makes that
 * conditional takeover grant nothing, and the follower reads at once (the normal path).
 * Node B's statements are recorded; the retry interval is long, so that B reads only
 * seconds after the read the test waits for, unless something asks it to.
 */
abstract class JdbcFastFailoverDirectTakeoverContractTests {

	/**
	 * The lease table of these tests, apart from the other tests' on the shared servers.
	 */
	static final String TABLE = "leader_lease_ffd";

	static final Duration LEASE = Duration.ofSeconds(4);

	static final Duration RENEW = Duration.ofSeconds(1);

	/** Long: after a read, B's next one is seconds away unless a takeover asks for it. */
	static final Duration RETRY = Duration.ofSeconds(3);

	static final Duration TIMEOUT = Duration.ofSeconds(2);

	private ProxiedNodes nodes;

	private RecordingDataSource statementsOfB;

	protected abstract TestDatabase database();

	protected abstract LivenessProbe probe();

	protected abstract JdbcLeaseDialect dialect();

	@BeforeEach
	void setUp() {
		this.nodes = new ProxiedNodes(database(), TABLE, "direct-");
		this.statementsOfB = new RecordingDataSource(this.nodes.directPool);
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	/**
	 * A's connections close, as a killed process's do: B takes over with no read of the
	 * lease between the end of A's session and its grant, only the takeover statement.
	 */
	@Test
	void leaseOfAnEndedInstanceIsTakenOverWithoutReadingItFirst() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB();
		long readAt = awaitNextReadOfB();

		long cutAt = this.nodes.fault(this.nodes.proxy::cut);

		await().atMost(LEASE.dividedBy(2)).until(() -> this.nodes.bUpAt() != 0);
		List<Sent> sinceCut = statementsSince(cutAt, this.nodes.bUpAt());
		assertThat(sinceCut).as("B's statements from the cut to its grant").filteredOn(this::isRead).isEmpty();
		assertThat(sinceCut).as("B's statements from the cut to its grant").anyMatch(this::isTakeover);
		assertThat(readAt).isLessThan(cutAt);
		FencingToken tokenB = nodeB().token(group()).orElseThrow();
		assertThat(tokenB.value()).isEqualTo(tokenA.value() + 1);
		assertThat(this.nodes.observer.read(group(), TIMEOUT).orElseThrow().activeToken()).hasValue(tokenB);
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	/**
	 * After B's last read the lease changed hands (to an instance that holds no liveness
	 * session: its lease must be waited out), then A's session ends: B's takeover, on A's
	 * holder and token, grants nothing; B reads at once and follows the new holder.
	 */
	@Test
	void staleReadOfAnotherHolderGrantsNothing() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB();
		awaitNextReadOfB();
		String other = "node-c#0badcafe";
		long changedAt = System.nanoTime();
		changeLease(other, LEASE.toSecondsPart() * 5);
		this.nodes.fault(this.nodes.proxy::cut);

		await().atMost(LEASE.dividedBy(2))
			.until(() -> statementsSince(changedAt, Long.MAX_VALUE).stream().anyMatch(this::isRead));
		List<Sent> sinceChange = leaseStatements(statementsSince(changedAt, Long.MAX_VALUE));
		assertThat(sinceChange).as("B's statements on the lease after the change").isNotEmpty();
		assertThat(sinceChange.get(0)).as("the first, before any read").matches(this::isTakeoverAttempt);
		await().during(RENEW).atMost(RENEW.multipliedBy(2)).until(() -> !nodeB().isLeader(group()));
		Lease lease = this.nodes.observer.read(group(), TIMEOUT).orElseThrow();
		assertThat(lease.holder()).isEqualTo(other);
		assertThat(lease.token()).isEqualTo(tokenA.value() + 1);
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	/**
	 * After B's last read the token of A's lease moved (A acquired it anew), then A's
	 * session ends: B's takeover on the token it read grants nothing; B reads at once and
	 * takes the lease over on the new token, with the next one.
	 */
	@Test
	void staleReadOfTheTokenFallsBackToAReadAndTakesOverTheCurrentToken() throws Exception {
		FencingToken tokenA = leadOnAWatchedByB();
		awaitNextReadOfB();
		long changedAt = System.nanoTime();
		changeLease(nodeA().instanceId(), LEASE.toSecondsPart());
		this.nodes.fault(this.nodes.proxy::cut);

		await().atMost(LEASE.dividedBy(2)).until(() -> this.nodes.bUpAt() != 0);
		List<Sent> sinceChange = leaseStatements(statementsSince(changedAt, this.nodes.bUpAt()));
		assertThat(sinceChange).as("B's statements on the lease from the change to its grant").isNotEmpty();
		assertThat(sinceChange.get(0)).as("the first, before any read").matches(this::isTakeoverAttempt);
		int read = indexOf(sinceChange, this::isRead);
		assertThat(read).as("a read after the stale takeover").isPositive();
		assertThat(sinceChange.subList(read, sinceChange.size())).anyMatch(this::isTakeoverAttempt);
		assertThat(nodeB().token(group()).orElseThrow().value()).isGreaterThan(tokenA.value() + 1);
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	private FencingToken leadOnAWatchedByB() {
		this.nodes.nodeA = startNode("node-a", this.nodes.proxiedPool, this.nodes.proxiedUrl());
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeA().isLeader(group()));
		FencingToken tokenA = nodeA().token(group()).orElseThrow();
		this.nodes.nodeB = startNode("node-b", this.statementsOfB, this.nodes.directUrl());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> probe().isWaitedOn(this.nodes.directPool, nodeA().instanceId()));
		assertThat(nodeB().isLeader(group())).isFalse();
		return tokenA;
	}

	private LeaseCoordinator startNode(String nodeId, DataSource pool, String sessionsUrl) {
		DataSource sessions = new DriverManagerDataSource(sessionsUrl, this.nodes.database.user(),
				this.nodes.database.password());
		JdbcLeaseStore store = new JdbcLeaseStore(pool, this.nodes.table)
			.withFastFailover(new FastFailover(sessions, FastFailover.DEFAULT_GRACE, 4));
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store)
			.nodeId(nodeId)
			.timings(LEASE, RENEW, RETRY)
			.groups(this.nodes.group)
			.build();
		coordinator.start();
		return coordinator;
	}

	/**
	 * Wait for B's next read of the lease: its next one is then seconds away.
	 * @return when it was sent
	 */
	private long awaitNextReadOfB() {
		long from = System.nanoTime();
		await().atMost(RETRY.multipliedBy(2))
			.until(() -> statementsSince(from, Long.MAX_VALUE).stream().anyMatch(this::isRead));
		return statementsSince(from, Long.MAX_VALUE).stream().filter(this::isRead).findFirst().orElseThrow().at();
	}

	/**
	 * Give the lease to {@code holder} with the next token, as a change B has not read.
	 */
	private void changeLease(String holder, long seconds) throws SQLException {
		try (Connection connection = this.nodes.directPool.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("UPDATE " + TABLE + " SET holder = ?, token = token + 1, expires_at = "
							+ dialect().nowPlusMillis() + " WHERE group_name = ?")) {
			statement.setString(1, holder);
			statement.setLong(2, seconds * 1000);
			statement.setString(3, group());
			assertThat(statement.executeUpdate()).isOne();
		}
	}

	private List<Sent> statementsSince(long from, long until) {
		return this.statementsOfB.since(from).stream().filter((sent) -> sent.at() - until <= 0).toList();
	}

	private List<Sent> leaseStatements(List<Sent> statements) {
		return statements.stream().filter((sent) -> isRead(sent) || isTakeoverAttempt(sent)).toList();
	}

	private static int indexOf(List<Sent> statements, Predicate<Sent> matching) {
		for (int i = 0; i < statements.size(); i++) {
			if (matching.test(statements.get(i))) {
				return i;
			}
		}
		return -1;
	}

	/** A follower's read of the leases of its groups. */
	private boolean isRead(Sent sent) {
		return sent.sql().contains(" AS store_now FROM " + TABLE + " WHERE group_name IN (");
	}

	/** The conditional takeover statement. */
	private boolean isTakeover(Sent sent) {
		return sent.sql().contains(" SET holder = ?, token = ")
				&& sent.sql().contains("WHERE group_name = ? AND holder = ? AND token = ?");
	}

	/**
	 * A takeover's first statement: the statement itself on PostgreSQL, the lock of the
	 * lease row before it on MariaDB/MySQL (which ends the takeover when the row
	 * changed).
	 */
	private boolean isTakeoverAttempt(Sent sent) {
		return isTakeover(sent) || (sent.sql().contains("SELECT holder, token, expires_at, ")
				&& sent.sql().contains(" FROM " + TABLE + " WHERE group_name = ? FOR UPDATE"));
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
