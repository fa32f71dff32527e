package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The leader coordinator contract over the JDBC store on POSTGRESQL.
 */
class JdbcLeaderCoordinatorPostgresqlTests extends JdbcLeaderCoordinatorContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
