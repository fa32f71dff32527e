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

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.dao.ConcurrencyFailureException;

import dev.leader.FencingToken;
import dev.leader.lease.ReleaseWatch;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The JDBC lease store contract on POSTGRESQL.
 */
class JdbcLeaseStorePostgresqlTests extends JdbcLeaseStoreContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	/**
	 * {@code FOR SHARE} lockers do not queue behind a waiting {@code UPDATE} on
	 * PostgreSQL; the guard's {@code FOR KEY SHARE} does not block a renewal at all.
	 */
	@Test
	void renewalsKeepUpWithOverlappingGuardedTransactionsOnPostgresql() throws Exception {
		renewalsKeepUpWithOverlappingGuardedTransactions();
	}

	/**
	 * Under REPEATABLE READ, a new token committed after the guarded transaction's
	 * snapshot makes the guard's locking read a serialization failure: the guard says so,
	 * and that a retry is safe (the retry then finds the token stale).
	 */
	@Test
	void serializationFailureInTheGuardSaysThatARetryIsSafe() throws Exception {
		Duration lease = Duration.ofSeconds(30);
		Duration timeout = Duration.ofSeconds(5);
		long token = this.store.acquire(this.group, "node-a", lease, timeout).getAsLong();
		FencingToken current = new FencingToken(this.group, token, "node-a");
		try (Connection connection = pool().getConnection()) {
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			try (Statement statement = connection.createStatement();
					ResultSet snapshot = statement.executeQuery("SELECT 1")) {
				assertThat(snapshot.next()).isTrue();
			}
			assertThat(this.store.release(this.group, "node-a", token, timeout)).isTrue();
			assertThat(this.store.acquire(this.group, "node-b", lease, timeout)).hasValue(token + 1);
			assertThatExceptionOfType(FencingCheckConflictException.class)
				.isThrownBy(() -> this.store.guard().check(connection, current))
				.isInstanceOf(ConcurrencyFailureException.class)
				.withMessageContaining("serialization failure")
				.withMessageContaining("retry it (safe)")
				.satisfies((ex) -> assertThat(ex.getToken()).isEqualTo(current));
			connection.rollback();
			connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
		}
	}

	/**
	 * Releases are announced per table: a watch of one table hears nothing of another's
	 * (the suite's watch test covers the announcements themselves).
	 */
	@Test
	void releasesOfAnotherTableAreNotAnnounced() throws InterruptedException {
		RecordedReleases recorded = new RecordedReleases();
		ReleaseWatch watch = this.store.watchReleases(recorded).orElseThrow();
		try {
			await().atMost(Duration.ofSeconds(10)).until(watch::isWatching);
			String table = "announced_lease_postgresql";
			JdbcLeaseSchema.create(pool(), table);
			JdbcLeaseStore elsewhere = newStore(table);
			long other = elsewhere.acquire(this.group, "node-a", LONG_LEASE, TIMEOUT).getAsLong();
			assertThat(elsewhere.release(this.group, "node-a", other, TIMEOUT)).isTrue();
			String second = this.group + "-2";
			long next = this.store.acquire(second, "node-b", LONG_LEASE, TIMEOUT).getAsLong();
			this.store.release(second, "node-b", next, TIMEOUT);
			assertThat(nextOfThisTest(recorded.released())).as("the other table's release was not announced")
				.isEqualTo(second);
			assertThat(recorded.states()).containsExactly(true);
		}
		finally {
			watch.close();
		}
	}

	@Test
	void storeRefusesAReadOnlyConnectionOnPostgresql() {
		storeRefusesAReadOnlyConnection();
	}

	/**
	 * On a table of layout 1 the token is no key column, so {@code FOR KEY SHARE} would
	 * not hold an acquisition back: the guard takes {@code FOR SHARE} there, and the
	 * acquisition still waits for the guarded transaction.
	 */
	@Test
	void guardOnATableOfLayout1StillHoldsAcquisitionsBack() throws Exception {
		String table = "layout_1_guard_" + Long.toHexString(System.nanoTime());
		execute(layout1Script().replace("leader_lease", table));
		// The history table, so that this version's acquisitions can record them.
		execute(JdbcLeaseSchema.withoutComments(
				JdbcLeaseSchema.forTable(JdbcLeaseSchema.historyUpgradeScript(JdbcLeaseDialect.POSTGRESQL), table)));
		try {
			JdbcLeaseStore old = newStore(table);
			JdbcLeaseStore other = newStore(table);
			long token = old.acquire(this.group, "node-a", Duration.ofMillis(600), Duration.ofSeconds(5)).getAsLong();
			try (Connection writer = pool().getConnection()) {
				writer.setAutoCommit(false);
				old.guard().check(writer, new FencingToken(this.group, token, "node-a"));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !old.read(this.group, Duration.ofSeconds(5)).orElseThrow().isActive());
				assertThat(other.acquire(this.group, "node-b", Duration.ofSeconds(30), Duration.ofSeconds(1)))
					.isEmpty();
				writer.commit();
			}
			assertThat(other.acquire(this.group, "node-b", Duration.ofSeconds(30), Duration.ofSeconds(5)))
				.hasValue(token + 1);
		}
		finally {
			execute("DROP TABLE IF EXISTS " + table);
			execute("DROP TABLE IF EXISTS " + table + "_history");
		}
	}

	@Test
	void idleBoundOfAGuardedTransactionEndsWithIt() {
		assertThat(idleBoundInsideAndAfterAGuardedTransaction("SHOW idle_in_transaction_session_timeout"))
			.containsExactly("2500ms", "0");
	}

}
