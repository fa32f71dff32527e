package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The leader coordinator contract over the JDBC store on H2.
 */
class JdbcLeaderCoordinatorH2Tests extends JdbcLeaderCoordinatorContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
