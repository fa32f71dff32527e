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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leader.LeadershipListener;
import dev.leader.Lease;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestDatabase;
import dev.leader.test.contract.LeaderCoordinatorContractTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator contract over the JDBC store: every node has its own connection pool; a
 * crash closes that pool without releasing anything.
 */
abstract class JdbcLeaderCoordinatorContractTests extends LeaderCoordinatorContractTests {

	private HikariDataSource setupPool;

	private String instance;

	protected abstract TestDatabase database();

	@Override
	protected void prepareStore() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		// The first connection of a run may start the database engine (H2): on a busy
		// machine that takes longer than the nodes' short connection timeout.
		this.setupPool = database().newPool(this.instance, "setup",
				(config) -> config.setConnectionTimeout(Duration.ofSeconds(10).toMillis()));
		JdbcLeaseSchema.create(this.setupPool, JdbcLeaseStore.DEFAULT_TABLE_NAME);
	}

	@AfterEach
	void closeSetupPool() {
		// Runs before the nodes stop; they have pools of their own.
		if (this.setupPool != null) {
			this.setupPool.close();
		}
	}

	/**
	 * Followers try again when the lease they read expires in database time, not at their
	 * next retry: with a retry interval as long as the lease, a crashed leader is still
	 * replaced right after its lease's end.
	 */
	@Test
	void crashedLeaderIsReplacedWhenItsLeaseExpiresNotAtAFollowersNextRetry() {
		LeaseTimings rareRetries = new LeaseTimings(Duration.ofMillis(1500), Duration.ofMillis(300),
				Duration.ofMillis(1500));
		List<Node> cluster = startCluster(3, rareRetries, new CopyOnWriteArrayList<>());
		Node first = awaitLeader(cluster);
		first.crash();
		List<Node> rest = new ArrayList<>(cluster);
		rest.remove(first);
		// The crashed lease as it stays: read once no renewal (one the crash caught in
		// flight) has landed for a while in database time.
		String crashedInstance = first.coordinator().instanceId();
		Lease crashed = await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> rest.get(0).coordinator().lease(this.group).orElseThrow(),
					(lease) -> lease.storeTime().isAfter(lease.renewedAt().plusMillis(100)));
		assertThat(crashed.holder()).isEqualTo(crashedInstance);
		Node second = awaitLeader(rest);
		Lease next = second.coordinator().lease(this.group).orElseThrow();
		assertThat(next.token()).isEqualTo(crashed.token() + 1);
		assertThat(next.acquiredAt()).isAfterOrEqualTo(crashed.expiresAt());
		assertThat(Duration.between(crashed.expiresAt(), next.acquiredAt()))
			.as("from the crashed lease's end to its takeover, in database time (retry interval %s ms)",
					rareRetries.retryInterval().toMillis())
			.isLessThan(Duration.ofMillis(500));
	}

	/**
	 * The store of a node over its pool.
	 * @param pool the node's pool
	 * @param url the database's URL, for connections outside the pool
	 * @return the store
	 */
	protected JdbcLeaseStore store(HikariDataSource pool, String url) {
		return new JdbcLeaseStore(pool);
	}

	@Override
	protected Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener,
			Consumer<String> beforeRelease) {
		HikariDataSource pool = database().newPool(this.instance, nodeId);
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store(pool, database().url(this.instance)))
			.nodeId(nodeId)
			.timings(timings.leaseDuration(), timings.renewInterval(), timings.retryInterval())
			.groups(group)
			.listener(listener)
			.beforeRelease(beforeRelease)
			.build();
		coordinator.start();
		return Node.of(coordinator, pool, pool::close);
	}

}
