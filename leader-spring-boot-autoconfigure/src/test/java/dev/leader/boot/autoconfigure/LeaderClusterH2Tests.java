package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Three application nodes with a scheduled leader-only job on H2.
 */
class LeaderClusterH2Tests extends LeaderClusterContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected String databaseNow() {
		return "CURRENT_TIMESTAMP";
	}

}
