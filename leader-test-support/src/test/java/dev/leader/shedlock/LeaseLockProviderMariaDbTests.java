package dev.leader.shedlock;

import dev.leader.test.TestDatabase;

/**
 * The ShedLock lock-provider contract on MARIADB.
 */
class LeaseLockProviderMariaDbTests extends LeaseLockProviderContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
