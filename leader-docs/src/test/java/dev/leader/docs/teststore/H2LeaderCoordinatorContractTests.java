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

package dev.leader.docs.teststore;

import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import dev.leader.LeadershipListener;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestDatabase;
import dev.leader.test.contract.LeaderCoordinatorContractTests;

/**
 * A store's own suite, as docs/testing.md shows it: the coordinator contract over the
 * JDBC store on H2, from outside the store's package. A node has a pool of its own; a
 * crash closes the pool without releasing anything.
 */
class H2LeaderCoordinatorContractTests extends LeaderCoordinatorContractTests {

	private String instance = "";

	private HikariDataSource setupPool;

	@Override
	protected void prepareStore() {
		TestDatabase.H2.assumeAvailable();
		this.instance = TestDatabase.H2.newInstance();
		this.setupPool = TestDatabase.H2.newPool(this.instance, "setup");
		JdbcLeaseSchema.create(this.setupPool, "leader_lease");
	}

	@Override
	protected Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener,
			Consumer<String> beforeRelease) {
		HikariDataSource pool = TestDatabase.H2.newPool(this.instance, nodeId);
		LeaseCoordinator coordinator = LeaseCoordinator.builder(new JdbcLeaseStore(pool))
			.nodeId(nodeId)
			.timings(timings.leaseDuration(), timings.renewInterval(), timings.retryInterval())
			.groups(group)
			.listener(listener)
			.beforeRelease(beforeRelease)
			.build();
		coordinator.start();
		return Node.of(coordinator, pool, pool::close);
	}

	@AfterEach
	void closeSetupPool() {
		this.setupPool.close();
	}

}
