package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * Skewed node clocks do not matter on MARIADB.
 */
class JdbcClockSkewMariaDbTests extends JdbcClockSkewContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
