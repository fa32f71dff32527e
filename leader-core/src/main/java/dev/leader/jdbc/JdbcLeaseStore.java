package dev.leader.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.leader.Lease;
import dev.leader.LeaderStoreException;
import dev.leader.LeaseObserver;
import dev.leader.lease.LeaseStore;

/**
 * A {@link LeaseStore} over a lock table (default {@code leader_lease}) with one row per
 * group. Acquire, renew and release are each one conditional {@code UPDATE} evaluated
 * with the database clock; the fencing token is advanced by the acquisition and kept by
 * renewals, releases and expiry. Rows are never deleted, so tokens survive restarts.
 * <p>
 * Every call takes its own connection from the {@link DataSource} (never the caller's
 * transaction) and bounds it with a network timeout, so a hung connection fails the call
 * instead of blocking the campaign.
 *
 * @author leader-spring-boot-starter
 */
public final class JdbcLeaseStore implements LeaseStore {

	/** The default table name. */
	public static final String DEFAULT_TABLE_NAME = "leader_lease";

	/** Network timeouts need an executor to abort connections; drivers run it inline. */
	private static final Executor DIRECT = Runnable::run;

	private final DataSource dataSource;

	private final LeaseTable table;

	/**
	 * A store over the {@code leader_lease} table, dialect detected on first use.
	 * @param dataSource the database
	 */
	public JdbcLeaseStore(DataSource dataSource) {
		this(dataSource, DEFAULT_TABLE_NAME);
	}

	/**
	 * A store over a table of the given name, dialect detected on first use.
	 * @param dataSource the database
	 * @param tableName the table, an SQL identifier optionally qualified by a schema
	 */
	public JdbcLeaseStore(DataSource dataSource, String tableName) {
		this(dataSource, tableName, null);
	}

	/**
	 * A store over a table of the given name in a known dialect.
	 * @param dataSource the database
	 * @param tableName the table, an SQL identifier optionally qualified by a schema
	 * @param dialect the dialect, or {@code null} to detect it
	 */
	public JdbcLeaseStore(DataSource dataSource, String tableName, JdbcLeaseDialect dialect) {
		if (dataSource == null) {
			throw new IllegalArgumentException("A DataSource is required");
		}
		this.dataSource = dataSource;
		this.table = new LeaseTable(tableName, dialect);
	}

	/**
	 * A guard for writes into this store's database inside the caller's transaction.
	 * @return the guard over this store's table
	 */
	public JdbcFencingGuard guard() {
		return new JdbcFencingGuard(this.dataSource, this.table, LeaseObserver.NONE);
	}

	/**
	 * The lease table's name.
	 * @return the table name
	 */
	public String tableName() {
		return this.table.name();
	}

	@Override
	public String description() {
		return "jdbc";
	}

	@Override
	public void checkReady(Duration timeout) {
		execute("check table", timeout, (connection, sql) -> {
			try (Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(seconds(timeout));
				statement.executeQuery(sql.probe()).close();
			}
			return null;
		});
	}

	@Override
	public OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout) {
		return acquire("acquire group '" + group + "'", LeaseTable.Statements::acquire, group, holder, leaseDuration,
				timeout);
	}

	@Override
	public OptionalLong acquireExclusive(String group, String holder, Duration leaseDuration, Duration timeout) {
		return acquire("lock '" + group + "'", LeaseTable.Statements::acquireExclusive, group, holder, leaseDuration,
				timeout);
	}

	private OptionalLong acquire(String operation, Function<LeaseTable.Statements, String> acquire, String group,
			String holder, Duration leaseDuration, Duration timeout) {
		return execute(operation, timeout, (connection, sql) -> {
			OptionalLong updated = acquireExisting(connection, acquire.apply(sql), sql, group, holder, leaseDuration,
					timeout);
			return (updated != null) ? updated : insertFirst(connection, sql, group, holder, leaseDuration, timeout);
		});
	}

	/**
	 * Take over the group's row when it is free, expired or ours.
	 * @return the new token, empty when the lease is held by another node, or
	 * {@code null} when the group has no row yet
	 */
	private OptionalLong acquireExisting(Connection connection, String acquire, LeaseTable.Statements sql, String group,
			String holder, Duration leaseDuration, Duration timeout) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(acquire)) {
			statement.setQueryTimeout(seconds(timeout));
			statement.setString(1, holder);
			statement.setLong(2, leaseDuration.toMillis());
			statement.setString(3, group);
			statement.setString(4, holder);
			if (sql.tokenAfterAcquire() == null) {
				try (ResultSet result = statement.executeQuery()) {
					if (result.next()) {
						return OptionalLong.of(result.getLong(1));
					}
				}
			}
			else if (statement.executeUpdate() == 1) {
				return OptionalLong.of(queryLong(connection, sql.tokenAfterAcquire()));
			}
		}
		return exists(connection, sql, group, timeout) ? OptionalLong.empty() : null;
	}

	private OptionalLong insertFirst(Connection connection, LeaseTable.Statements sql, String group, String holder,
			Duration leaseDuration, Duration timeout) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql.insert())) {
			statement.setQueryTimeout(seconds(timeout));
			statement.setString(1, group);
			statement.setString(2, holder);
			statement.setLong(3, leaseDuration.toMillis());
			statement.executeUpdate();
			return OptionalLong.of(1);
		}
		catch (SQLException ex) {
			if (isDuplicateKey(ex)) {
				// Another node created the group's row first: it holds the lease.
				return OptionalLong.empty();
			}
			throw ex;
		}
	}

	private boolean exists(Connection connection, LeaseTable.Statements sql, String group, Duration timeout)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql.read())) {
			statement.setQueryTimeout(seconds(timeout));
			statement.setString(1, group);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	@Override
	public boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout) {
		return execute("renew group '" + group + "'", timeout, (connection, sql) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.renew())) {
				statement.setQueryTimeout(seconds(timeout));
				statement.setLong(1, leaseDuration.toMillis());
				statement.setString(2, group);
				statement.setString(3, holder);
				statement.setLong(4, token);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public boolean release(String group, String holder, long token, Duration timeout) {
		return execute("release group '" + group + "'", timeout, (connection, sql) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.release())) {
				statement.setQueryTimeout(seconds(timeout));
				statement.setString(1, group);
				statement.setString(2, holder);
				statement.setLong(3, token);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public boolean unlock(String group, String holder, long token, Duration holdSinceRenewal, Duration timeout) {
		return execute("unlock '" + group + "'", timeout, (connection, sql) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.unlock())) {
				statement.setQueryTimeout(seconds(timeout));
				statement.setLong(1, holdSinceRenewal.toMillis());
				statement.setString(2, group);
				statement.setString(3, holder);
				statement.setLong(4, token);
				return statement.executeUpdate() == 1;
			}
		});
	}

	@Override
	public Optional<Lease> read(String group, Duration timeout) {
		return execute("read group '" + group + "'", timeout, (connection, sql) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql.read())) {
				statement.setQueryTimeout(seconds(timeout));
				statement.setString(1, group);
				try (ResultSet result = statement.executeQuery()) {
					return result.next() ? Optional.of(readLease(group, result, sql.dialect())) : Optional.empty();
				}
			}
		});
	}

	static Lease readLease(String group, ResultSet result, JdbcLeaseDialect dialect) throws SQLException {
		return new Lease(group, result.getString("holder"), result.getLong("token"),
				dialect.instant(result, "acquired_at"), dialect.instant(result, "renewed_at"),
				dialect.instant(result, "expires_at"), dialect.instant(result, "store_now"));
	}

	private <T> T execute(String operation, Duration timeout, LeaseCall<T> call) {
		LeaseTable.Statements sql = null;
		try (Connection connection = this.dataSource.getConnection()) {
			int previousTimeout = applyNetworkTimeout(connection, timeout);
			sql = this.table.statements(connection);
			boolean autoCommit = connection.getAutoCommit();
			try {
				T result = call.run(connection, sql);
				if (!autoCommit) {
					connection.commit();
				}
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				if (!autoCommit) {
					connection.rollback();
				}
				throw ex;
			}
			finally {
				restoreNetworkTimeout(connection, previousTimeout);
			}
		}
		catch (SQLException ex) {
			RuntimeException missing = this.table.translateMissingTable(ex, sql);
			if (missing != null) {
				throw missing;
			}
			throw new LeaderStoreException("JDBC lease store could not " + operation + " in table '" + this.table.name()
					+ "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * Bound every round trip of the call, so that a frozen connection fails it in time.
	 * @return the previous timeout, or -1 when the driver has none
	 */
	private static int applyNetworkTimeout(Connection connection, Duration timeout) throws SQLException {
		try {
			int previous = connection.getNetworkTimeout();
			connection.setNetworkTimeout(DIRECT, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
			return previous;
		}
		catch (SQLFeatureNotSupportedException ex) {
			// Embedded databases have no network to time out; the query timeout still
			// applies.
			return -1;
		}
	}

	private static void restoreNetworkTimeout(Connection connection, int previousTimeout) {
		if (previousTimeout >= 0) {
			try {
				connection.setNetworkTimeout(DIRECT, previousTimeout);
			}
			catch (SQLException ex) {
				// A broken connection is discarded by the pool anyway.
			}
		}
	}

	static int seconds(Duration timeout) {
		return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
	}

	private static long queryLong(Connection connection, String query) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
			result.next();
			return result.getLong(1);
		}
	}

	private static boolean isDuplicateKey(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && state.startsWith("23");
	}

	@FunctionalInterface
	private interface LeaseCall<T> {

		T run(Connection connection, LeaseTable.Statements sql) throws SQLException;

	}

}
