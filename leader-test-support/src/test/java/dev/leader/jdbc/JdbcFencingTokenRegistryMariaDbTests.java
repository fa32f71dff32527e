package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The JDBC fencing-token registry on MARIADB.
 */
class JdbcFencingTokenRegistryMariaDbTests extends JdbcFencingTokenRegistryContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
