package dev.leader.jdbc;

import dev.leader.test.TestDatabase;

/**
 * Skewed node clocks do not matter on H2.
 */
class JdbcClockSkewH2Tests extends JdbcClockSkewContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
