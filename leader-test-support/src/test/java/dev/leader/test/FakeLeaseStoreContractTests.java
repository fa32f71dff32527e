package dev.leader.test;

import dev.leader.lease.LeaseStore;
import dev.leader.test.contract.LeaseStoreContractTests;

/**
 * The lease store in memory keeps the contract of every lease store, so that what the
 * coordinator's tests learn on it holds for the real stores.
 */
class FakeLeaseStoreContractTests extends LeaseStoreContractTests {

	@Override
	protected LeaseStore createStore() {
		return new FakeLeaseStore();
	}

	/**
	 * The fake announces releases while its watch watches, as it does at first.
	 */
	@Override
	protected boolean announcesReleases() {
		return true;
	}

}
