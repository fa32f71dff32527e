package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * Lost connection between the leader and MariaDB.
 */
class JdbcLostConnectionMariaDbTests extends JdbcLostConnectionContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
