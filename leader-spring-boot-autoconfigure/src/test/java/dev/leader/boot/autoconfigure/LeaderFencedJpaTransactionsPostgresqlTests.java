package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Fenced JPA transactions on PostgreSQL.
 */
class LeaderFencedJpaTransactionsPostgresqlTests extends LeaderFencedJpaTransactionsContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected String inFiveMinutes() {
		return "clock_timestamp() + INTERVAL '5 minutes'";
	}

}
