package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The JDBC lease store contract on MARIADB.
 */
class JdbcLeaseStoreMariaDbTests extends JdbcLeaseStoreContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
