package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Fenced transactions on MariaDB.
 */
class LeaderFencedTransactionsMariaDbTests extends LeaderFencedTransactionsContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected String inFiveMinutes() {
		return "TIMESTAMPADD(MINUTE, 5, UTC_TIMESTAMP(6))";
	}

}
