package dev.leader.boot.autoconfigure;

import dev.leader.test.TestDatabase;

/**
 * Two ShedLock nodes locking through the lease store on POSTGRESQL.
 */
class LeaderShedLockClusterPostgresqlTests extends LeaderShedLockClusterContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
