package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * The JDBC lease store contract on POSTGRESQL.
 */
class JdbcLeaseStorePostgresqlTests extends JdbcLeaseStoreContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
