package dev.leader.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import dev.leader.LeaderCoordinator;
import dev.leader.LeaderCoordinatorContractTests;
import dev.leader.LeadershipListener;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestDatabase;

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
		this.setupPool = database().newPool(this.instance, "setup");
		JdbcLeaseSchema.create(this.setupPool, JdbcLeaseStore.DEFAULT_TABLE_NAME);
	}

	@AfterEach
	void closeSetupPool() {
		// Runs before the nodes stop; they have pools of their own.
		if (this.setupPool != null) {
			this.setupPool.close();
		}
	}

	@Override
	protected Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener) {
		HikariDataSource pool = database().newPool(this.instance, nodeId);
		LeaseCoordinator coordinator = LeaseCoordinator.builder(new JdbcLeaseStore(pool))
			.nodeId(nodeId)
			.timings(timings.leaseDuration(), timings.renewInterval(), timings.retryInterval())
			.groups(group)
			.listener(listener)
			.build();
		coordinator.start();
		return new Node() {

			@Override
			public LeaderCoordinator coordinator() {
				return coordinator;
			}

			@Override
			public void stop() {
				coordinator.stop();
				pool.close();
			}

			@Override
			public void crash() {
				pool.close();
			}

		};
	}

}
