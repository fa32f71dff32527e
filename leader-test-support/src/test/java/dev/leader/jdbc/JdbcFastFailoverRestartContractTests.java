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
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabaseServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database restart with fast failover on, run against a private server of each database
 * ({@link TestDatabaseServer}; the machine's shared servers are never restarted) by a
 * subclass named for it. A restart ends every session at once: the leader's liveness
 * session (it steps down and starts again as a new instance) and the follower's wait,
 * which thus proves nothing; waiting again finds the lock free. The leader's lease is
 * therefore waited out: afterwards exactly one node leads, with the next token, acquired
 * after the old lease's end in database time, and at no sample did both nodes believe
 * they lead.
 */
abstract class JdbcFastFailoverRestartContractTests {

	private static final Log logger = LogFactory.getLog(JdbcFastFailoverRestartContractTests.class);

	private static final Duration LEASE = JdbcFastFailoverContractTests.LEASE;

	private static final Duration RENEW = JdbcFastFailoverContractTests.RENEW;

	private static final Duration TIMEOUT = JdbcFastFailoverContractTests.TIMEOUT;

	private final List<LeadershipEvent> eventsA = new CopyOnWriteArrayList<>();

	private TestDatabaseServer server;

	private ProxiedNodes nodes;

	protected abstract TestDatabaseServer startServer();

	protected abstract LivenessProbe probe();

	@BeforeEach
	void setUp() {
		this.server = startServer();
		this.nodes = new ProxiedNodes(this.server.database(), "127.0.0.1", this.server.port(),
				JdbcFastFailoverContractTests.TABLE, "restart-");
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		try {
			if (this.nodes != null) {
				this.nodes.close();
			}
		}
		finally {
			if (this.server != null) {
				this.server.close();
			}
		}
	}

	@Test
	void restartEndsEverySessionAndTheLeaseIsWaitedOut() throws Exception {
		this.nodes.nodeA = JdbcFastFailoverContractTests.startNode(this.nodes, "node-a", this.nodes.proxiedPool,
				this.nodes.proxiedUrl(), this.eventsA::add);
		await().atMost(Duration.ofSeconds(10)).until(() -> nodeA().isLeader(group()));
		FencingToken tokenA = nodeA().token(group()).orElseThrow();
		String instanceA = nodeA().instanceId();
		this.nodes.nodeB = JdbcFastFailoverContractTests.startNode(this.nodes, "node-b", this.nodes.directPool,
				this.nodes.directUrl(), (event) -> {
				});
		await().atMost(Duration.ofSeconds(10)).until(() -> probe().isWaitedOn(this.nodes.directPool, instanceA));
		Lease before = this.nodes.observer.read(group(), TIMEOUT).orElseThrow();

		long restartedAt = this.nodes.fault(this.server::restart);
		long restartNanos = System.nanoTime() - restartedAt;

		// The leader lost its liveness session: it stepped down and is a new instance.
		await().atMost(LEASE).until(() -> this.nodes.aDownAt() != 0 && !nodeA().instanceId().equals(instanceA));
		assertThat(this.eventsA).filteredOn(LeadershipRevokedEvent.class::isInstance)
			.map((event) -> ((LeadershipRevokedEvent) event).getReason())
			.first()
			.isEqualTo(RevocationReason.LEASE_LOST);
		// Afterwards exactly one node leads, with the next token.
		await().atMost(LEASE.multipliedBy(4)).ignoreExceptions().until(() -> leader().isPresent());
		await().during(RENEW.multipliedBy(2))
			.atMost(RENEW.multipliedBy(4))
			.until(() -> leader().isPresent() && !(nodeA().isLeader(group()) && nodeB().isLeader(group())));
		LeaseCoordinator leader = leader().orElseThrow();
		FencingToken next = leader.token(group()).orElseThrow();
		Lease after = this.nodes.observer.read(group(), TIMEOUT).orElseThrow();
		long downNanos = this.nodes.aDownAt() - restartedAt;
		logger.info(String.format(
				"%s restart (%.0f ms): A stepped down after %.1f ms; %s leads with token %d, acquired %d ms after "
						+ "A's lease (as read before the restart) expired; %d samples where both believed",
				this.server.database(), restartNanos / 1e6, downNanos / 1e6, (leader == nodeA()) ? "A" : "B",
				next.value(), Duration.between(before.expiresAt(), after.acquiredAt()).toMillis(),
				this.nodes.bothLeading()));
		assertThat(next.value()).as("the next token").isEqualTo(tokenA.value() + 1);
		assertThat(after.activeToken()).hasValue(next);
		assertThat(after.acquiredAt()).as("no takeover before A's lease expired, in database time")
			.isAfterOrEqualTo(before.expiresAt());
		assertThat(this.nodes.bothLeading()).as("samples where both nodes believed they lead").isZero();
	}

	private Optional<LeaseCoordinator> leader() {
		if (nodeA().isLeader(group())) {
			return Optional.of(nodeA());
		}
		return nodeB().isLeader(group()) ? Optional.of(nodeB()) : Optional.empty();
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
