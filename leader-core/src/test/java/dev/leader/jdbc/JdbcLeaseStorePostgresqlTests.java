package dev.leader.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.dao.ConcurrencyFailureException;

import dev.leader.FencingToken;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Test
	void storeRefusesAReadOnlyConnectionOnPostgresql() {
		storeRefusesAReadOnlyConnection();
	}

}
