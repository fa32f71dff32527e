package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Fenced JPA transactions on H2.
 */
class LeaderFencedJpaTransactionsH2Tests extends LeaderFencedJpaTransactionsContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected String inFiveMinutes() {
		return "DATEADD(MINUTE, 5, CURRENT_TIMESTAMP)";
	}

}
