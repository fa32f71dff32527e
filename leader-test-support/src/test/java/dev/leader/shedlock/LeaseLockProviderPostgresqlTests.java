package dev.leader.shedlock;

import dev.leader.test.TestDatabase;

/**
 * The ShedLock lock-provider contract on POSTGRESQL.
 */
class LeaseLockProviderPostgresqlTests extends LeaseLockProviderContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
