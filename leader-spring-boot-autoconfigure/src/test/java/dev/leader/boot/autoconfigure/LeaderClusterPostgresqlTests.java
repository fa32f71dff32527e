package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Three application nodes with a scheduled leader-only job on POSTGRESQL.
 */
class LeaderClusterPostgresqlTests extends LeaderClusterContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected String databaseNow() {
		return "clock_timestamp()";
	}

}
