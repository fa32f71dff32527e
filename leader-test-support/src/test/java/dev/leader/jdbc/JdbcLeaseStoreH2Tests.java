package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The JDBC lease store contract on H2.
 */
class JdbcLeaseStoreH2Tests extends JdbcLeaseStoreContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
