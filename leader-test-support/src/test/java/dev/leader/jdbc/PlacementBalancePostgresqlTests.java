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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;

import dev.leader.LeadershipListener;
import dev.leader.engine.PlacementPolicy;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestDatabase;
import dev.leader.test.contract.LeaderCoordinatorContractTests.Node;
import dev.leader.test.contract.PlacementBalanceContractTests;

/**
 * Balancing groups over JDBC nodes on PostgreSQL: every node has a connection pool of its
 * own; a crash closes that pool without releasing anything. Each test has a lease table
 * of its own (with its history and member tables), dropped afterwards.
 */
class PlacementBalancePostgresqlTests extends PlacementBalanceContractTests {

	private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;

	private String instance = "";

	private String table = "";

	private HikariDataSource setupPool;

	@Override
	protected void prepareStore() {
		DATABASE.assumeAvailable();
		this.instance = DATABASE.newInstance();
		this.table = "leader_balance_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
		this.setupPool = DATABASE.newPool(this.instance, "setup",
				(config) -> config.setConnectionTimeout(Duration.ofSeconds(10).toMillis()));
		JdbcLeaseSchema.create(this.setupPool, this.table);
	}

	@Override
	protected void cleanUpStore() {
		if (this.setupPool != null) {
			try (Connection connection = this.setupPool.getConnection();
					Statement statement = connection.createStatement()) {
				for (String suffix : List.of("", "_history", "_member")) {
					statement.execute("DROP TABLE IF EXISTS " + this.table + suffix);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Could not drop the tables of " + this.table, ex);
			}
			finally {
				this.setupPool.close();
			}
		}
	}

	@Override
	protected Node startNode(String nodeId, List<String> groups, PlacementPolicy placement, LeaseTimings timings,
			LeadershipListener listener) {
		return startNode(nodeId, Set.of(), groups, placement, timings, listener);
	}

	@Override
	protected Node startNode(String nodeId, Set<String> tags, List<String> groups, PlacementPolicy placement,
			LeaseTimings timings, LeadershipListener listener) {
		HikariDataSource pool = DATABASE.newPool(this.instance, nodeId);
		LeaseCoordinator coordinator = LeaseCoordinator.builder(new JdbcLeaseStore(pool, this.table))
			.nodeId(nodeId)
			.timings(timings.leaseDuration(), timings.renewInterval(), timings.retryInterval())
			.groups(groups.toArray(String[]::new))
			.placement(placement)
			.nodeTags(tags)
			.listener(listener)
			.build();
		coordinator.start();
		return Node.of(coordinator, pool, pool::close);
	}

}
