package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Two ShedLock nodes locking through the lease store on H2.
 */
class LeaderShedLockClusterH2Tests extends LeaderShedLockClusterContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
