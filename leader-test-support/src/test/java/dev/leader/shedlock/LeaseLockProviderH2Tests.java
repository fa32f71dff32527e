package dev.leader.shedlock;

import dev.leader.test.TestDatabase;

/**
 * The ShedLock lock-provider contract on H2.
 */
class LeaseLockProviderH2Tests extends LeaseLockProviderContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
