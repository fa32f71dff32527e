package dev.leader.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Lease;
import dev.leader.LeaderStoreException;
import dev.leader.LeaseObserver;

/**
 * Fences writes into the same database as the lease table, atomically. Inside the
 * caller's transaction, {@link #check(FencingToken)} locks the group's lease row in
 * shared mode and checks that the token is still current and unexpired. Until that
 * transaction commits or rolls back, no other node can take the lease over (its
 * acquisition waits for the lock), so every write the transaction makes after the check
 * is made under a current token. <pre class="code">
 * &#64;LeaderOnly("billing")
 * &#64;Transactional
 * public void chargeDue() {
 *     guard.check(LeaderContext.require()); // throws FencingException when stale
 *     jdbc.update("insert into charges ...");  // commits only under a current token
 * }
 * </pre>
 * <p>
 * On PostgreSQL and MySQL/MariaDB the lock is shared, so guarded transactions of one
 * leader do not block each other; H2 has no shared row locks and uses an exclusive one.
 * Keep guarded transactions short: while one is open the leader cannot renew either, and
 * it steps down when its lease runs out.
 *
 * @author leader-spring-boot-starter
 */
public final class JdbcFencingGuard {

	private final DataSource dataSource;

	private final LeaseTable table;

	private final LeaseObserver observer;

	/**
	 * A guard over the {@code leader_lease} table.
	 * @param dataSource the database holding the lease table and the guarded data
	 */
	public JdbcFencingGuard(DataSource dataSource) {
		this(dataSource, JdbcLeaseStore.DEFAULT_TABLE_NAME);
	}

	/**
	 * A guard over a lease table of the given name.
	 * @param dataSource the database holding the lease table and the guarded data
	 * @param tableName the lease table
	 */
	public JdbcFencingGuard(DataSource dataSource, String tableName) {
		this(dataSource, tableName, LeaseObserver.NONE);
	}

	/**
	 * A guard over a lease table of the given name that reports its checks.
	 * @param dataSource the database holding the lease table and the guarded data
	 * @param tableName the lease table
	 * @param observer told about each check (metrics)
	 */
	public JdbcFencingGuard(DataSource dataSource, String tableName, LeaseObserver observer) {
		this(dataSource, new LeaseTable(tableName, null), observer);
	}

	JdbcFencingGuard(DataSource dataSource, LeaseTable table, LeaseObserver observer) {
		this.dataSource = dataSource;
		this.table = table;
		this.observer = observer;
	}

	/**
	 * Check the token inside the Spring-managed transaction bound to this guard's
	 * {@link DataSource}, keeping the lease row locked until it ends.
	 * @param token the token the writes are made under
	 * @throws FencingException when the token is stale
	 * @throws IllegalStateException when no transaction is active on the data source
	 * @throws LeaderStoreException when the check cannot be made
	 */
	public void check(FencingToken token) {
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			check(connection, token);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Check the token inside the transaction of a connection the caller manages, keeping
	 * the lease row locked until that transaction ends.
	 * @param connection a connection with auto-commit off, to the lease table's database
	 * @param token the token the writes are made under
	 * @throws FencingException when the token is stale
	 * @throws IllegalStateException when the connection is in auto-commit mode
	 * @throws LeaderStoreException when the check cannot be made
	 */
	public void check(Connection connection, FencingToken token) {
		LeaseTable.Statements sql = null;
		try {
			if (connection.getAutoCommit()) {
				throw new IllegalStateException("The fencing guard must run inside a transaction: "
						+ "annotate the method with @Transactional or turn auto-commit off, "
						+ "otherwise the lease row is unlocked before the writes it guards");
			}
			sql = this.table.statements(connection);
			try (PreparedStatement statement = connection.prepareStatement(sql.readForShare())) {
				statement.setString(1, token.group());
				try (ResultSet result = statement.executeQuery()) {
					if (!result.next()) {
						throw new FencingException(token, "group '" + token.group() + "' was never leased");
					}
					Lease lease = JdbcLeaseStore.readLease(token.group(), result, sql.dialect());
					lease.requireCurrent(token);
					this.observer.fencingChecked(token, true);
				}
			}
		}
		catch (FencingException ex) {
			this.observer.fencingChecked(token, false);
			throw ex;
		}
		catch (SQLException ex) {
			RuntimeException missing = this.table.translateMissingTable(ex, sql);
			if (missing != null) {
				throw missing;
			}
			throw new LeaderStoreException("Fencing guard could not check " + token + ": " + ex.getMessage(), ex);
		}
	}

}
