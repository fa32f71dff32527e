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
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.leader.Identifiers;

/**
 * The lease table of one database: its validated name, the dialect (detected on first use
 * unless given) and the statements built from both. Only a name that passed
 * {@link Identifiers#requireValidTableName(String)} is put into SQL; values are always
 * bound as parameters.
 *
 * @author leader-spring-boot-starter
 */
final class LeaseTable {

	/**
	 * SQL states and vendor codes that mean "no such table": PostgreSQL 42P01, MySQL and
	 * MariaDB 42S02/1146, H2 42102 to 42104 (the last one for an empty database).
	 */
	private static final Set<String> MISSING_TABLE_STATES = Set.of("42P01", "42S02", "42102", "42103", "42104");

	private static final Set<Integer> MISSING_TABLE_CODES = Set.of(1146, 42102, 42103, 42104);

	private final String name;

	private final String historyName;

	private final @Nullable JdbcLeaseDialect dialect;

	private volatile @Nullable Statements statements;

	private volatile @Nullable HistoryStatements history;

	private volatile @Nullable LeaseTableLayout layout;

	/** Whether the history table was found; once found, not looked for again. */
	private volatile boolean historyFound;

	/** Whether the pause table was found; once found, not looked for again. */
	private volatile boolean pauseFound;

	LeaseTable(String name, @Nullable JdbcLeaseDialect dialect) {
		this.name = Identifiers.requireValidTableName(name);
		this.historyName = HistoryStatements.historyOf(this.name);
		this.dialect = dialect;
	}

	String name() {
		return this.name;
	}

	String historyName() {
		return this.historyName;
	}

	HistoryStatements history(Connection connection) throws SQLException {
		HistoryStatements current = this.history;
		if (current == null) {
			current = new HistoryStatements(this.name, this.historyName, statements(connection).dialect());
			this.history = current;
		}
		return current;
	}

	/** Whether the history table exists, read once it does. */
	boolean historyExists(Connection connection) throws SQLException {
		if (!this.historyFound) {
			this.historyFound = LeaseTableLayout.exists(connection, this.historyName, statements(connection).dialect());
		}
		return this.historyFound;
	}

	/** Whether the pause table (layout 4) exists, read once it does. */
	boolean pauseExists(Connection connection) throws SQLException {
		if (!this.pauseFound) {
			this.pauseFound = LeaseTableLayout.exists(connection, JdbcBeliefBoard.pauseTable(this.name),
					statements(connection).dialect());
		}
		return this.pauseFound;
	}

	Statements statements(Connection connection) throws SQLException {
		Statements current = this.statements;
		if (current == null) {
			DatabaseMetaData metaData = connection.getMetaData();
			JdbcLeaseDialect detected = (this.dialect != null) ? this.dialect : JdbcLeaseDialect.of(metaData);
			current = new Statements(this.name, detected, Features.of(metaData, detected));
			this.statements = current;
		}
		return current;
	}

	/**
	 * The table's layout, read once it exists.
	 */
	LeaseTableLayout layout(Connection connection) throws SQLException {
		LeaseTableLayout current = this.layout;
		if (current == null) {
			current = LeaseTableLayout.of(connection, this.name, statements(connection).dialect());
			if (current != LeaseTableLayout.MISSING) {
				this.layout = current;
			}
		}
		return current;
	}

	/**
	 * Turn a "no such table" error into a message that names the schema script.
	 */
	@Nullable RuntimeException translateMissingTable(SQLException ex, @Nullable Statements statements) {
		String state = ex.getSQLState();
		if (statements != null && ((state != null && MISSING_TABLE_STATES.contains(state))
				|| MISSING_TABLE_CODES.contains(ex.getErrorCode()))) {
			HistoryStatements history = this.history;
			if (history != null && history.concerns(ex.getMessage())) {
				this.historyFound = false;
				return LeaseTableOutdatedException.withoutHistory(this.name, this.historyName, statements.dialect(),
						ex);
			}
			LeaseTableNotFoundException missing = new LeaseTableNotFoundException(this.name, statements.dialect());
			missing.initCause(ex);
			return missing;
		}
		return null;
	}

	/**
	 * What a database supports beyond its dialect.
	 *
	 * @param mariaDb whether the MySQL dialect talks to MariaDB (which has
	 * {@code SET STATEMENT} and {@code max_statement_time})
	 * @param skipLocked whether {@code SELECT ... FOR UPDATE SKIP LOCKED} is supported
	 * (PostgreSQL, MariaDB 10.6, MySQL 8.0, H2 2.2 and later)
	 */
	record Features(boolean mariaDb, boolean skipLocked) {

		static Features of(DatabaseMetaData metaData, JdbcLeaseDialect dialect) throws SQLException {
			String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
			String version = metaData.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
			int major = metaData.getDatabaseMajorVersion();
			int minor = metaData.getDatabaseMinorVersion();
			return switch (dialect) {
				case POSTGRESQL -> new Features(false, true);
				case H2 -> new Features(false, major > 2 || (major == 2 && minor >= 2));
				case MYSQL -> {
					boolean mariaDb = product.contains("mariadb") || version.contains("mariadb");
					if (mariaDb && major == 5) {
						// MySQL's driver reports MariaDB 10.x as "5.5.5-10.x.y-MariaDB"
						Matcher matcher = Pattern.compile("5\\.5\\.5-(\\d+)\\.(\\d+)").matcher(version);
						if (matcher.find()) {
							major = Integer.parseInt(matcher.group(1));
							minor = Integer.parseInt(matcher.group(2));
						}
					}
					boolean skipLocked = mariaDb ? (major > 10 || (major == 10 && minor >= 6)) : major >= 8;
					yield new Features(mariaDb, skipLocked);
				}
			};
		}

	}

	/**
	 * The statements over one table in one dialect. Statements over several groups are
	 * built for the number of groups, with every value bound as a parameter.
	 */
	record Statements(String table, JdbcLeaseDialect dialect, Features features, String acquire,
			String acquireExclusive, @Nullable String tokenAfterAcquire, String insert, String renew, String release,
			@Nullable String releaseAndNotify, String unlock, String read, String probe) {

		/**
		 * The PostgreSQL channel of release notifications; the payload is table/group.
		 */
		static final String RELEASE_CHANNEL = "dev_leader_release";

		Statements(String table, JdbcLeaseDialect dialect, Features features) {
			this(table, dialect, features, dialect.acquire(acquireUpdate(table, dialect, true)),
					dialect.acquire(acquireUpdate(table, dialect, false)), dialect.tokenAfterAcquire(),
					"INSERT INTO " + table + " (group_name, holder, token, acquired_at, renewed_at, expires_at)"
							+ " VALUES (?, ?, 1, " + dialect.now() + ", " + dialect.now() + ", "
							+ dialect.nowPlusMillis() + ")",
					"UPDATE " + table + " SET renewed_at = " + dialect.now() + ", expires_at = "
							+ dialect.nowPlusMillis()
							+ " WHERE group_name = ? AND holder = ? AND token = ? AND expires_at > " + dialect.now(),
					release(table, dialect), dialect.releaseAndNotify(table, release(table, dialect), RELEASE_CHANNEL),
					"UPDATE " + table + " SET expires_at = GREATEST(" + dialect.now() + ", "
							+ dialect.plusMillis("renewed_at")
							+ ") WHERE group_name = ? AND holder = ? AND token = ? AND expires_at > " + dialect.now(),
					read(table, dialect), "SELECT COUNT(*) FROM " + table + " WHERE 1 = 0");
		}

		/**
		 * The fencing guard's read of one group, locking the row until the transaction
		 * ends so that no acquisition can change the token meanwhile. On PostgreSQL with
		 * layout 2 the lock is {@code FOR KEY SHARE}: the token is part of a unique key,
		 * so an acquisition needs {@code FOR UPDATE} and waits, while a renewal
		 * (timestamps only) takes {@code FOR NO KEY UPDATE} and is never blocked by
		 * guards. On layout 1 the token is no key column: {@code FOR KEY SHARE} would not
		 * stop an acquisition, so the guard falls back to {@code FOR SHARE}.
		 */
		String readForGuard(LeaseTableLayout layout) {
			if (this.dialect == JdbcLeaseDialect.POSTGRESQL && layout == LeaseTableLayout.LAYOUT_2) {
				return this.read + " FOR KEY SHARE";
			}
			return this.read + this.dialect.shareLock();
		}

		/**
		 * PostgreSQL: renew, in one statement, those of {@code count} held leases whose
		 * rows are not locked by another transaction ({@code SKIP LOCKED}); parameters
		 * are the holder, group and token of each, then the lease duration in
		 * milliseconds. Returns the renewed groups. Guards ({@code FOR KEY SHARE}) do not
		 * lock a row against {@code FOR NO KEY UPDATE}.
		 */
		String renewUnlocked(int count) {
			return "WITH unlocked AS (SELECT group_name FROM " + this.table + " WHERE holder = ? AND expires_at > "
					+ this.dialect.now() + " AND (group_name, token) IN (" + placeholders(count, "(?, ?)")
					+ ") FOR NO KEY UPDATE SKIP LOCKED) UPDATE " + this.table + " SET renewed_at = "
					+ this.dialect.now() + ", expires_at = " + this.dialect.nowPlusMillis() + " FROM unlocked WHERE "
					+ this.table + ".group_name = unlocked.group_name RETURNING " + this.table + ".group_name";
		}

		/**
		 * MySQL, MariaDB and H2: lock those of {@code count} held leases whose rows are
		 * not locked by another transaction; parameters are the holder, then the group
		 * names (the primary key, so that only these rows are visited and locked). The
		 * query returns group and token; the caller keeps those whose token matches.
		 */
		String lockUnlocked(int count) {
			return "SELECT group_name, token FROM " + this.table + " WHERE holder = ? AND expires_at > "
					+ this.dialect.now() + " AND group_name IN (" + placeholders(count, "?")
					+ ") FOR UPDATE SKIP LOCKED";
		}

		/**
		 * Renew {@code count} leases locked by {@link #lockUnlocked(int)} in this
		 * transaction: parameters are the lease duration in milliseconds, then the group
		 * names.
		 */
		String renewLocked(int count) {
			return "UPDATE " + this.table + " SET renewed_at = " + this.dialect.now() + ", expires_at = "
					+ this.dialect.nowPlusMillis() + " WHERE group_name IN (" + placeholders(count, "?") + ")";
		}

		/**
		 * A statement whose lock waits are bounded by {@code wait}: on MariaDB through
		 * {@code SET STATEMENT max_statement_time} (fractions of a second, no session
		 * state to reset); elsewhere unchanged, see {@link #boundLockWaits}.
		 */
		String withBoundedWait(String statement, Duration wait) {
			if (this.dialect == JdbcLeaseDialect.MYSQL && this.features.mariaDb()) {
				return "SET STATEMENT max_statement_time = " + String.format(Locale.ROOT, "%.3f", seconds(wait))
						+ " FOR " + statement;
			}
			return statement;
		}

		/**
		 * Bound the lock waits of the next statements on this connection: PostgreSQL
		 * {@code SET LOCAL lock_timeout} (in a transaction, begun here when auto-commit
		 * is on, whose end ends the setting), H2 {@code SET LOCK_TIMEOUT}, MySQL the
		 * session's {@code innodb_lock_wait_timeout} (whole seconds). Undo with
		 * {@link #unboundLockWaits}.
		 * @return what to restore: the previous H2 lock timeout, otherwise unused
		 */
		long boundLockWaits(Connection connection, Duration wait) throws SQLException {
			long millis = Math.max(1, wait.toMillis());
			try (Statement statement = connection.createStatement()) {
				switch (this.dialect) {
					case POSTGRESQL -> {
						connection.setAutoCommit(false);
						statement.execute("SET LOCAL lock_timeout = " + millis);
					}
					case H2 -> {
						long previous;
						try (ResultSet result = statement.executeQuery("SELECT LOCK_TIMEOUT()")) {
							result.next();
							previous = result.getLong(1);
						}
						statement.execute("SET LOCK_TIMEOUT " + millis);
						return previous;
					}
					case MYSQL -> {
						if (!this.features.mariaDb()) {
							statement.execute("SET SESSION innodb_lock_wait_timeout = " + Math.max(1, millis / 1000));
						}
					}
				}
			}
			return -1;
		}

		/**
		 * Restore what {@link #boundLockWaits} changed, before the connection returns to
		 * the pool.
		 */
		void unboundLockWaits(Connection connection, long previous) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				if (this.dialect == JdbcLeaseDialect.H2 && previous >= 0) {
					statement.execute("SET LOCK_TIMEOUT " + previous);
				}
				else if (this.dialect == JdbcLeaseDialect.MYSQL && !this.features.mariaDb()) {
					statement.execute("SET SESSION innodb_lock_wait_timeout = DEFAULT");
				}
			}
		}

		/**
		 * Whether a statement failed because a bounded lock wait ran out: PostgreSQL
		 * 55P03, MySQL/MariaDB 1205 (lock wait timeout) and 1969 (max_statement_time), H2
		 * 50200.
		 */
		boolean isLockTimeout(SQLException ex) {
			return switch (this.dialect) {
				case POSTGRESQL -> "55P03".equals(ex.getSQLState());
				case MYSQL -> ex.getErrorCode() == 1205 || ex.getErrorCode() == 1969;
				case H2 -> ex.getErrorCode() == 50200;
			};
		}

		private static double seconds(Duration wait) {
			return Math.max(0.001, wait.toNanos() / 1e9);
		}

		/**
		 * Take over a lease from an instance whose liveness session ended: the holder and
		 * token must still be the ended instance's (expired or not); a new token, in
		 * store time. Parameters: the new holder, the lease duration in milliseconds, the
		 * group, the ended holder and its token.
		 */
		String takeOver() {
			return this.dialect.acquire("UPDATE " + this.table + " SET holder = ?, token = token + 1, acquired_at = "
					+ this.dialect.now() + ", renewed_at = " + this.dialect.now() + ", expires_at = "
					+ this.dialect.nowPlusMillis() + " WHERE group_name = ? AND holder = ? AND token = ?");
		}

		/**
		 * Read the leases of {@code count} groups, bound as parameters 1 to
		 * {@code count}.
		 */
		String readAll(int count) {
			return readColumns(this.dialect) + this.table + " WHERE group_name IN (" + placeholders(count, "?") + ")";
		}

		/**
		 * Renew the unexpired leases of one holder in {@code count} groups: parameters
		 * are the lease duration in milliseconds, the holder, then group and token of
		 * each. The statement returns the renewed groups' names, unless the dialect
		 * cannot (then {@link #heldOf(int)} tells them after an incomplete update).
		 */
		String renewAll(int count) {
			return this.dialect.returningGroups("UPDATE " + this.table + " SET renewed_at = " + this.dialect.now()
					+ ", expires_at = " + this.dialect.nowPlusMillis() + " WHERE holder = ? AND expires_at > "
					+ this.dialect.now() + " AND (group_name, token) IN (" + placeholders(count, "(?, ?)") + ")");
		}

		/**
		 * The groups among {@code count} (group, token) pairs whose unexpired lease the
		 * holder holds: parameters are the holder, then group and token of each.
		 */
		String heldOf(int count) {
			return "SELECT group_name FROM " + this.table + " WHERE holder = ? AND expires_at > " + this.dialect.now()
					+ " AND (group_name, token) IN (" + placeholders(count, "(?, ?)") + ")";
		}

		private static String placeholders(int count, String placeholder) {
			return String.join(", ", Collections.nCopies(count, placeholder));
		}

		/**
		 * Take the row when it is free or expired, or (reentrant) already ours. The
		 * holder is bound twice in both forms so that parameters line up.
		 */
		static String acquireUpdate(String table, JdbcLeaseDialect dialect, boolean reentrant) {
			return "UPDATE " + table + " SET holder = ?, token = token + 1, acquired_at = " + dialect.now()
					+ ", renewed_at = " + dialect.now() + ", expires_at = " + dialect.nowPlusMillis()
					+ " WHERE group_name = ? AND (holder IS NULL OR "
					+ (reentrant ? "holder = ?" : "(holder = ? AND 1 = 0)") + " OR expires_at <= " + dialect.now()
					+ ")";
		}

		private static String release(String table, JdbcLeaseDialect dialect) {
			return "UPDATE " + table + " SET holder = NULL, expires_at = " + dialect.now()
					+ " WHERE group_name = ? AND holder = ? AND token = ?";
		}

		private static String read(String table, JdbcLeaseDialect dialect) {
			return readColumns(dialect) + table + " WHERE group_name = ?";
		}

		private static String readColumns(JdbcLeaseDialect dialect) {
			return "SELECT group_name, holder, token, acquired_at, renewed_at, expires_at, " + dialect.now()
					+ " AS store_now FROM ";
		}

	}

}
