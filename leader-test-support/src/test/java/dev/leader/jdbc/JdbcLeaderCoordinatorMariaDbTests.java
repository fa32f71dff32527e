package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The leader coordinator contract over the JDBC store on MARIADB.
 */
class JdbcLeaderCoordinatorMariaDbTests extends JdbcLeaderCoordinatorContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
