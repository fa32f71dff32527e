package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Fenced transactions on H2.
 */
class LeaderFencedTransactionsH2Tests extends LeaderFencedTransactionsContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected String inFiveMinutes() {
		return "DATEADD(MINUTE, 5, CURRENT_TIMESTAMP)";
	}

}
