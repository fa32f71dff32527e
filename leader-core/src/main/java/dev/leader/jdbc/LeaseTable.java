package dev.leader.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

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

	private volatile Statements statements;

	LeaseTable(String name, JdbcLeaseDialect dialect) {
		this.name = Identifiers.requireValidTableName(name);
		this.statements = (dialect != null) ? new Statements(name, dialect) : null;
	}

	String name() {
		return this.name;
	}

	Statements statements(Connection connection) throws SQLException {
		Statements current = this.statements;
		if (current == null) {
			current = new Statements(this.name, JdbcLeaseDialect.of(connection.getMetaData()));
			this.statements = current;
		}
		return current;
	}

	/**
	 * Turn a "no such table" error into a message that names the schema script.
	 */
	RuntimeException translateMissingTable(SQLException ex, Statements statements) {
		if (statements != null && (MISSING_TABLE_STATES.contains(ex.getSQLState())
				|| MISSING_TABLE_CODES.contains(ex.getErrorCode()))) {
			LeaseTableNotFoundException missing = new LeaseTableNotFoundException(this.name, statements.dialect());
			missing.initCause(ex);
			return missing;
		}
		return null;
	}

	/**
	 * The statements over one table in one dialect. Statements over several groups are
	 * built for the number of groups, with every value bound as a parameter.
	 */
	record Statements(String table, JdbcLeaseDialect dialect, String acquire, String acquireExclusive,
			String tokenAfterAcquire, String insert, String renew, String release, String releaseAndNotify,
			String unlock, String read, String readForShare, String probe) {

		/**
		 * The PostgreSQL channel of release notifications; the payload is table/group.
		 */
		static final String RELEASE_CHANNEL = "dev_leader_release";

		Statements(String table, JdbcLeaseDialect dialect) {
			this(table, dialect, dialect.acquire(acquireUpdate(table, dialect, true)),
					dialect.acquire(acquireUpdate(table, dialect, false)), dialect.tokenAfterAcquire(),
					"INSERT INTO " + table + " (group_name, holder, token, acquired_at, renewed_at, expires_at)"
							+ " VALUES (?, ?, 1, " + dialect.now() + ", " + dialect.now() + ", "
							+ dialect.nowPlusMillis() + ")",
					"UPDATE " + table + " SET renewed_at = " + dialect.now() + ", expires_at = "
							+ dialect.nowPlusMillis()
							+ " WHERE group_name = ? AND holder = ? AND token = ? AND expires_at > " + dialect.now(),
					release(table, dialect), dialect.releaseAndNotify(release(table, dialect), RELEASE_CHANNEL),
					"UPDATE " + table + " SET expires_at = GREATEST(" + dialect.now() + ", "
							+ dialect.plusMillis("renewed_at")
							+ ") WHERE group_name = ? AND holder = ? AND token = ? AND expires_at > " + dialect.now(),
					read(table, dialect), read(table, dialect) + dialect.shareLock(),
					"SELECT COUNT(*) FROM " + table + " WHERE 1 = 0");
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
			return String.join(", ", java.util.Collections.nCopies(count, placeholder));
		}

		/**
		 * Take the row when it is free or expired, or (reentrant) already ours. The
		 * holder is bound twice in both forms so that parameters line up.
		 */
		private static String acquireUpdate(String table, JdbcLeaseDialect dialect, boolean reentrant) {
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
