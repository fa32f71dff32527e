/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
