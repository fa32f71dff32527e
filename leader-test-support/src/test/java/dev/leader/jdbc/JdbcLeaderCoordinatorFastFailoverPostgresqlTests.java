package dev.leader.jdbc;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.test.TestDatabase;

/**
 * The coordinator contract over the JDBC store on PostgreSQL with fast failover on: it
 * passes unchanged (a node's "crash" there closes its pool while its liveness session
 * lives on, so its leases are waited out, as the contract expects).
 */
class JdbcLeaderCoordinatorFastFailoverPostgresqlTests extends JdbcLeaderCoordinatorContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected JdbcLeaseStore store(HikariDataSource pool, String url) {
		return new JdbcLeaseStore(pool)
			.withFastFailover(FastFailover.over(new DriverManagerDataSource(url, "postgres", "")));
	}

}
