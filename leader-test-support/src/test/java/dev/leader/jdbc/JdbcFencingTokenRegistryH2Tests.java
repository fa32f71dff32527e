package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The JDBC fencing-token registry on H2.
 */
class JdbcFencingTokenRegistryH2Tests extends JdbcFencingTokenRegistryContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
