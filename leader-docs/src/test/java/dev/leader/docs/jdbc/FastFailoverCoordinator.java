package dev.leader.docs.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import dev.leader.jdbc.FastFailover;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Fast failover without Spring Boot (docs/fast-failover.md).
 */
public class FastFailoverCoordinator {

	static LeaseCoordinator coordinator(DataSource pool) {
		// The liveness sessions: a new physical connection per call, never the pool.
		DataSource sessions = new DriverManagerDataSource("jdbc:postgresql://db:5432/app", "app", "secret");
		JdbcLeaseStore store = new JdbcLeaseStore(pool)
			.withFastFailover(new FastFailover(sessions, Duration.ofMillis(75), 8));
		return LeaseCoordinator.builder(store).nodeId("billing-1").build();
	}

}
