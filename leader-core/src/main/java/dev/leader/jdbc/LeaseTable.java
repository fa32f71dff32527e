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
	 * The statements over one table in one dialect.
	 */
	record Statements(JdbcLeaseDialect dialect, String acquire, String acquireExclusive, String tokenAfterAcquire,
			String insert, String renew, String release, String unlock, String read, String readForShare,
			String probe) {

		Statements(String table, JdbcLeaseDialect dialect) {
			this(dialect, dialect.acquire(acquireUpdate(table, dialect, true)),
					dialect.acquire(acquireUpdate(table, dialect, false)), dialect.tokenAfterAcquire(),
					"INSERT INTO " + table + " (group_name, holder, token, acquired_at, renewed_at, expires_at)"
							+ " VALUES (?, ?, 1, " + dialect.now() + ", " + dialect.now() + ", "
							+ dialect.nowPlusMillis() + ")",
					"UPDATE " + table + " SET renewed_at = " + dialect.now() + ", expires_at = "
							+ dialect.nowPlusMillis()
							+ " WHERE group_name = ? AND holder = ? AND token = ? AND expires_at > " + dialect.now(),
					"UPDATE " + table + " SET holder = NULL, expires_at = " + dialect.now()
							+ " WHERE group_name = ? AND holder = ? AND token = ?",
					"UPDATE " + table + " SET expires_at = GREATEST(" + dialect.now() + ", "
							+ dialect.plusMillis("renewed_at")
							+ ") WHERE group_name = ? AND holder = ? AND token = ? AND expires_at > " + dialect.now(),
					read(table, dialect), read(table, dialect) + dialect.shareLock(),
					"SELECT COUNT(*) FROM " + table + " WHERE 1 = 0");
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

		private static String read(String table, JdbcLeaseDialect dialect) {
			return "SELECT holder, token, acquired_at, renewed_at, expires_at, " + dialect.now() + " AS store_now FROM "
					+ table + " WHERE group_name = ?";
		}

	}

}
