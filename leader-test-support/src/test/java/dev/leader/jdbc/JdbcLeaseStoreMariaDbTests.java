package dev.leader.jdbc;

import org.junit.jupiter.api.Test;

import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC lease store contract on MARIADB.
 */
class JdbcLeaseStoreMariaDbTests extends JdbcLeaseStoreContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	/**
	 * InnoDB queues new shared locks behind a waiting exclusive one: a renewal gets in
	 * between guarded transactions (no regression).
	 */
	@Test
	void renewalsKeepUpWithOverlappingGuardedTransactionsOnMariaDb() throws Exception {
		renewalsKeepUpWithOverlappingGuardedTransactions();
	}

	@Test
	void storeRefusesAReadOnlyConnectionOnMariaDb() {
		storeRefusesAReadOnlyConnection();
	}

	@Test
	void idleBoundOfAGuardedTransactionEndsWithIt() {
		assertThat(idleBoundInsideAndAfterAGuardedTransaction("SELECT @@SESSION.idle_transaction_timeout"))
			.containsExactly("3", "0");
	}

}
