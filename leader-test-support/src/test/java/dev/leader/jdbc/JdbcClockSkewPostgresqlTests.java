package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * Skewed node clocks do not matter on POSTGRESQL.
 */
class JdbcClockSkewPostgresqlTests extends JdbcClockSkewContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
