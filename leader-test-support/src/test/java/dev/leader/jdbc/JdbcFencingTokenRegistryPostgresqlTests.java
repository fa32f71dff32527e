package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The JDBC fencing-token registry on POSTGRESQL.
 */
class JdbcFencingTokenRegistryPostgresqlTests extends JdbcFencingTokenRegistryContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
