package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * Lost connection between the leader and PostgreSQL.
 */
class JdbcLostConnectionPostgresqlTests extends JdbcLostConnectionContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
