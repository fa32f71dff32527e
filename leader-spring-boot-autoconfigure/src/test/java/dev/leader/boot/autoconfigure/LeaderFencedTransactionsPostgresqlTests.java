package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Fenced transactions on PostgreSQL.
 */
class LeaderFencedTransactionsPostgresqlTests extends LeaderFencedTransactionsContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected String inFiveMinutes() {
		return "clock_timestamp() + INTERVAL '5 minutes'";
	}

}
