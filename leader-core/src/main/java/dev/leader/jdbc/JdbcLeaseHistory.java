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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import dev.leader.LeadershipEnd;
import dev.leader.LeadershipRecord;
import dev.leader.engine.HistoryLog;
import dev.leader.engine.HistoryRetention;

/**
 * The transitions of {@link JdbcLeaseStore} that write the leadership history, each on a
 * connection the store opened: the grant and the end it infers for the predecessor are
 * written with the acquisition (in its statement on PostgreSQL, in its transaction
 * elsewhere), the end of a released lease with the release. A history statement that
 * fails fails its transition, which is rolled back: a grant never stands without its
 * record, and the failure names the history table.
 *
 * @author leader-spring-boot-starter
 */
final class JdbcLeaseHistory {

	private JdbcLeaseHistory() {
	}

	/**
	 * Acquire the group's lease when it is free, expired or already the holder's, with
	 * its history.
	 * @return the new token, empty when another holder has it, {@code null} when the
	 * group has no row yet
	 */
	static @Nullable OptionalLong acquire(Connection connection, LeaseTable.Statements sql, HistoryStatements history,
			String group, String holder, Duration leaseDuration, Duration wait, Duration timeout) throws SQLException {
		if (sql.dialect() == JdbcLeaseDialect.POSTGRESQL) {
			OptionalLong token = grantInOneStatement(connection, history, history.acquire(), timeout, (statement) -> {
				statement.setString(1, holder);
				statement.setLong(2, leaseDuration.toMillis());
				statement.setString(3, group);
				statement.setString(4, holder);
				statement.setString(5, group);
			});
			return (token.isPresent() || exists(connection, sql, group, timeout)) ? token : null;
		}
		connection.setAutoCommit(false);
		Locked locked = lock(connection, sql, history, group, wait, timeout);
		if (locked == null) {
			// Let go of what the locking read of a missing row locked (MySQL and MariaDB
			// lock the gap), so that nodes racing to create the row do not deadlock.
			connection.rollback();
			return null;
		}
		if (locked.holder() != null && !holder.equals(locked.holder()) && !locked.expired()) {
			return OptionalLong.empty();
		}
		OptionalLong token = update(connection, sql, sql.withBoundedWait(sql.acquire(), wait), timeout, (statement) -> {
			statement.setString(1, holder);
			statement.setLong(2, leaseDuration.toMillis());
			statement.setString(3, group);
			statement.setString(4, holder);
		});
		return recorded(connection, sql, history, group, locked, token, LeadershipEnd.LOST, timeout);
	}

	/**
	 * Take over a lease from an instance whose liveness session ended, with its history:
	 * the predecessor's record ends at the takeover ({@link LeadershipEnd#TAKEN_OVER}),
	 * or at its expiry when it expired meanwhile.
	 * @return the new token, or empty when the lease changed meanwhile
	 */
	static OptionalLong takeOver(Connection connection, LeaseTable.Statements sql, HistoryStatements history,
			String takeOver, String group, String holder, String from, long fromToken, Duration leaseDuration,
			Duration wait, Duration timeout) throws SQLException {
		if (sql.dialect() == JdbcLeaseDialect.POSTGRESQL) {
			// One statement, one round trip: this is the path a crash's failover waits
			// on.
			return grantInOneStatement(connection, history, sql.withBoundedWait(history.takeOver(), wait), timeout,
					(statement) -> {
						statement.setString(1, holder);
						statement.setLong(2, leaseDuration.toMillis());
						statement.setString(3, group);
						statement.setString(4, from);
						statement.setLong(5, fromToken);
						statement.setString(6, group);
						statement.setString(7, from);
					});
		}
		connection.setAutoCommit(false);
		Locked locked = lock(connection, sql, history, group, wait, timeout);
		if (locked == null || !from.equals(locked.holder()) || locked.token() != fromToken) {
			return OptionalLong.empty();
		}
		OptionalLong token = update(connection, sql, takeOver, timeout, (statement) -> {
			statement.setString(1, holder);
			statement.setLong(2, leaseDuration.toMillis());
			statement.setString(3, group);
			statement.setString(4, from);
			statement.setLong(5, fromToken);
		});
		if (token.isPresent()) {
			// The ended instance's published beliefs would meet the new holder's.
			try (PreparedStatement statement = connection.prepareStatement(history.forgetMember())) {
				statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
				statement.setString(1, from);
				statement.executeUpdate();
			}
		}
		return recorded(connection, sql, history, group, locked, token, LeadershipEnd.TAKEN_OVER, timeout);
	}

	/**
	 * Create the group's lease row with token 1 and its first record, forgetting records
	 * of an earlier row of the group (deleted by hand: its tokens start again). The row
	 * comes first: nodes racing to create it wait for it, and only the node that created
	 * it touches the history.
	 * @return token 1, or empty when another node created the row first
	 */
	static OptionalLong insertFirst(Connection connection, LeaseTable.Statements sql, HistoryStatements history,
			String group, String holder, Duration leaseDuration, Duration timeout) throws SQLException {
		connection.setAutoCommit(false);
		try (PreparedStatement statement = connection.prepareStatement(sql.insert())) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, group);
			statement.setString(2, holder);
			statement.setLong(3, leaseDuration.toMillis());
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			if (JdbcLeaseStore.isDuplicateKey(ex)) {
				// Another node created the group's row first: it holds the lease.
				connection.rollback();
				return OptionalLong.empty();
			}
			throw ex;
		}
		run(connection, history, history.forget(), "the grant", timeout, (statement) -> statement.setString(1, group));
		run(connection, history, history.open(), "the grant", timeout, (statement) -> statement.setString(1, group));
		return OptionalLong.of(1);
	}

	/**
	 * Release the lease and close its record with the reason (on PostgreSQL in one
	 * statement that also notifies the watching nodes).
	 * @return whether released
	 */
	static boolean release(Connection connection, LeaseTable.Statements sql, HistoryStatements history, String group,
			String holder, long token, LeadershipEnd reason, String tableName, Duration timeout) throws SQLException {
		if (sql.releaseAndNotify() != null) {
			try (PreparedStatement statement = connection
				.prepareStatement(history.releaseAndNotify(LeaseTable.Statements.RELEASE_CHANNEL))) {
				statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
				statement.setString(1, group);
				statement.setString(2, holder);
				statement.setLong(3, token);
				statement.setString(4, reason.name());
				statement.setString(5, tableName);
				try (ResultSet result = statement.executeQuery()) {
					return result.next();
				}
			}
			catch (SQLException ex) {
				throw history.concerns(ex.getMessage()) ? failed(ex, history, "the release") : ex;
			}
		}
		connection.setAutoCommit(false);
		try (PreparedStatement statement = connection.prepareStatement(sql.release())) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, group);
			statement.setString(2, holder);
			statement.setLong(3, token);
			if (statement.executeUpdate() != 1) {
				return false;
			}
		}
		run(connection, history, history.closeReleased(), "the release", timeout, (statement) -> {
			statement.setString(1, group);
			statement.setString(2, reason.name());
			statement.setString(3, group);
			statement.setLong(4, token);
		});
		return true;
	}

	static List<LeadershipRecord> read(Connection connection, HistoryStatements history, String group, Instant since,
			Duration timeout) throws SQLException {
		List<LeadershipRecord> records = new ArrayList<>();
		JdbcLeaseDialect dialect = history.dialect();
		try (PreparedStatement statement = connection.prepareStatement(history.read())) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, group);
			dialect.setInstant(statement, 2, since);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					String holder = result.getString("holder");
					LeadershipRecord granted = LeadershipRecord.granted(group, holder, result.getLong("token"),
							Objects.requireNonNull(dialect.instant(result, "started_at"), "started_at"));
					records.add(new LeadershipRecord(group, granted.node(), holder, granted.token(), granted.start(),
							dialect.instant(result, "ended_at"), LeadershipEnd.parse(result.getString("end_reason")),
							result.getString("detail")));
				}
			}
		}
		return records;
	}

	static boolean annotate(Connection connection, HistoryStatements history, String group, long token,
			LeadershipEnd reason, String detail, Duration timeout) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(history.annotate())) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, reason.name());
			statement.setString(2, HistoryLog.truncate(detail));
			statement.setString(3, group);
			statement.setLong(4, token);
			return statement.executeUpdate() == 1;
		}
	}

	/**
	 * Prune with one statement per {@value JdbcLeaseStore#BATCH} groups.
	 */
	static void prune(Connection connection, HistoryStatements history, List<String> groups, Map<String, Long> tokens,
			HistoryRetention retention, Duration timeout) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(history.prune(groups.size()))) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setLong(1, -retention.maxAge().toMillis());
			int index = 2;
			for (String group : groups) {
				statement.setString(index++, group);
				statement.setLong(index++,
						Objects.requireNonNull(tokens.get(group), group) - retention.maxEntriesPerGroup() + 1);
			}
			statement.executeUpdate();
		}
	}

	/**
	 * Lock the group's lease row and read it.
	 * @return the row, or {@code null} when the group has none
	 */
	private static @Nullable Locked lock(Connection connection, LeaseTable.Statements sql, HistoryStatements history,
			String group, Duration wait, Duration timeout) throws SQLException {
		JdbcLeaseDialect dialect = sql.dialect();
		try (PreparedStatement statement = connection.prepareStatement(sql.withBoundedWait(history.lock(), wait))) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, group);
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return null;
				}
				Instant expiresAt = Objects.requireNonNull(dialect.instant(result, "expires_at"), "expires_at");
				Instant now = Objects.requireNonNull(dialect.instant(result, "store_now"), "the database clock");
				return new Locked(result.getString("holder"), result.getLong("token"), expiresAt, now);
			}
		}
	}

	/**
	 * After a transition that took the lease (or not: then roll back): close the open
	 * records of the predecessors, which ended without recording it, and open the new
	 * holder's. A predecessor's end is the lease's expiry when it expired before the new
	 * grant ({@link LeadershipEnd#EXPIRED}), else the grant ({@code unexpired}), as
	 * PostgreSQL's acquisition statement has it. Each open record is found by a plain
	 * read and closed by its key, so that no range of the history's index is locked.
	 */
	private static OptionalLong recorded(Connection connection, LeaseTable.Statements sql, HistoryStatements history,
			String group, Locked previous, OptionalLong token, LeadershipEnd unexpired, Duration timeout)
			throws SQLException {
		if (token.isEmpty()) {
			connection.rollback();
			return token;
		}
		Instant acquiredAt;
		List<Long> open = new ArrayList<>();
		String find = "SELECT token FROM " + history.history() + " WHERE group_name = ? AND ended_at IS NULL";
		try (PreparedStatement statement = connection.prepareStatement(find);
				PreparedStatement lease = connection.prepareStatement(sql.read())) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, group);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					open.add(result.getLong(1));
				}
			}
			lease.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			lease.setString(1, group);
			try (ResultSet result = lease.executeQuery()) {
				result.next();
				acquiredAt = Objects.requireNonNull(history.dialect().instant(result, "acquired_at"), "acquired_at");
			}
		}
		catch (SQLException ex) {
			throw failed(ex, history, "the grant");
		}
		boolean expired = !previous.expiresAt().isAfter(acquiredAt);
		Instant end = expired ? previous.expiresAt() : acquiredAt;
		LeadershipEnd reason = expired ? LeadershipEnd.EXPIRED : unexpired;
		for (long openToken : open) {
			run(connection, history, history.closeOpen() + " AND token = ?", "the grant", timeout, (statement) -> {
				history.dialect().setInstant(statement, 1, end);
				statement.setString(2, reason.name());
				statement.setString(3, group);
				statement.setLong(4, openToken);
			});
		}
		run(connection, history, history.open(), "the grant", timeout, (statement) -> statement.setString(1, group));
		return token;
	}

	/**
	 * Run an acquisition or takeover statement and learn its token.
	 */
	private static OptionalLong update(Connection connection, LeaseTable.Statements sql, String update,
			Duration timeout, Binder binder) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(update)) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			binder.bind(statement);
			String tokenAfter = sql.tokenAfterAcquire();
			if (tokenAfter == null) {
				try (ResultSet result = statement.executeQuery()) {
					return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
				}
			}
			if (statement.executeUpdate() != 1) {
				return OptionalLong.empty();
			}
			try (Statement query = connection.createStatement(); ResultSet result = query.executeQuery(tokenAfter)) {
				result.next();
				return OptionalLong.of(result.getLong(1));
			}
		}
	}

	private static boolean exists(Connection connection, LeaseTable.Statements sql, String group, Duration timeout)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql.read())) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setString(1, group);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	/**
	 * PostgreSQL: a transition and its history in one statement that returns the new
	 * token, or no row when the lease was not taken.
	 */
	private static OptionalLong grantInOneStatement(Connection connection, HistoryStatements history, String sql,
			Duration timeout, Binder binder) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			binder.bind(statement);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? OptionalLong.of(result.getLong(1)) : OptionalLong.empty();
			}
		}
		catch (SQLException ex) {
			throw history.concerns(ex.getMessage()) ? failed(ex, history, "the grant") : ex;
		}
	}

	private static void run(Connection connection, HistoryStatements history, String sql, String what, Duration timeout,
			Binder binder) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			binder.bind(statement);
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw failed(ex, history, what);
		}
	}

	/**
	 * A failure of a statement that writes the history, named as such; the SQL state and
	 * vendor code are kept (a lock timeout is still one, a missing table still names it).
	 */
	private static SQLException failed(SQLException ex, HistoryStatements history, String what) {
		return new HistoryWriteFailed("could not record " + what + " in history table '" + history.history()
				+ "', so nothing was changed: " + ex.getMessage(), ex);
	}

	/**
	 * A statement writing the history failed; its transition is rolled back.
	 */
	static final class HistoryWriteFailed extends SQLException {

		private static final long serialVersionUID = 1L;

		HistoryWriteFailed(String message, SQLException cause) {
			super(message, cause.getSQLState(), cause.getErrorCode(), cause);
		}

	}

	/**
	 * The lease row of a group, locked.
	 */
	private record Locked(@Nullable String holder, long token, Instant expiresAt, Instant now) {

		boolean expired() {
			return !this.expiresAt.isAfter(this.now);
		}

	}

	@FunctionalInterface
	private interface Binder {

		void bind(PreparedStatement statement) throws SQLException;

	}

}
