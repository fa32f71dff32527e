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

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderStoreException;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.lease.LeaseTimings;

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
 * The lock each database takes:
 * <ul>
 * <li>PostgreSQL: {@code FOR KEY SHARE} (table layout 2): acquisitions, which change the
 * token, wait for it; the leader's renewals do not, so a steady stream of guarded
 * transactions never starves them.</li>
 * <li>MySQL and MariaDB: {@code LOCK IN SHARE MODE}; a renewal waits for the guarded
 * transactions open when it arrives, and new ones queue behind it.</li>
 * <li>H2: an exclusive lock (H2 has no shared row locks).</li>
 * </ul>
 * A guarded transaction left open by a paused or vanished client would block takeover for
 * as long as the database keeps it. The guard bounds it from the lease duration: on
 * PostgreSQL {@code idle_in_transaction_session_timeout} for the transaction, on MariaDB
 * the session's {@code idle_transaction_timeout} (whole seconds, reset when a
 * Spring-managed transaction completes). MySQL has no such bound below
 * {@code wait_timeout}. Keep guarded transactions shorter than the lease.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class JdbcFencingGuard {

	private final DataSource dataSource;

	private final LeaseTable table;

	private final LeaseObserver observer;

	private final Duration leaseDuration;

	/**
	 * A guard over the {@code leader_lease} table, for the default lease duration.
	 * @param dataSource the database holding the lease table and the guarded data
	 */
	public JdbcFencingGuard(DataSource dataSource) {
		this(dataSource, JdbcLeaseStore.DEFAULT_TABLE_NAME);
	}

	/**
	 * A guard over a lease table of the given name, for the default lease duration.
	 * @param dataSource the database holding the lease table and the guarded data
	 * @param tableName the lease table
	 */
	public JdbcFencingGuard(DataSource dataSource, String tableName) {
		this(dataSource, tableName, LeaseObserver.NONE);
	}

	/**
	 * A guard over a lease table of the given name that reports its checks, for the
	 * default lease duration ({@link LeaseTimings#DEFAULT_LEASE_DURATION}).
	 * @param dataSource the database holding the lease table and the guarded data
	 * @param tableName the lease table
	 * @param observer told about each check (metrics)
	 */
	public JdbcFencingGuard(DataSource dataSource, String tableName, LeaseObserver observer) {
		this(dataSource, tableName, observer, LeaseTimings.DEFAULT_LEASE_DURATION);
	}

	/**
	 * A guard over a lease table of the given name that reports its checks.
	 * @param dataSource the database holding the lease table and the guarded data
	 * @param tableName the lease table
	 * @param observer told about each check (metrics)
	 * @param leaseDuration the coordinator's lease duration: a guarded transaction idle
	 * for longer is ended by the database (PostgreSQL, MariaDB), so that it cannot block
	 * a takeover for more than about one lease beyond the lease's expiry
	 */
	public JdbcFencingGuard(DataSource dataSource, String tableName, LeaseObserver observer, Duration leaseDuration) {
		this(dataSource, new LeaseTable(tableName, null), observer, leaseDuration);
	}

	JdbcFencingGuard(DataSource dataSource, LeaseTable table, LeaseObserver observer, Duration leaseDuration) {
		if (dataSource == null) {
			throw new IllegalArgumentException("A DataSource is required");
		}
		if (leaseDuration == null || leaseDuration.isNegative() || leaseDuration.isZero()) {
			throw new IllegalArgumentException("The lease duration must be positive, was " + leaseDuration);
		}
		this.dataSource = StoreConnections.unwrap(dataSource);
		this.table = table;
		this.observer = observer;
		this.leaseDuration = leaseDuration;
	}

	/**
	 * Check the token inside the Spring-managed transaction bound to this guard's
	 * {@link DataSource}, keeping the lease row locked until it ends.
	 * @param token the token the writes are made under
	 * @throws FencingException when the token is stale
	 * @throws FencingCheckConflictException when the transaction's isolation level made
	 * the check fail (a serialization failure): roll back and retry
	 * @throws IllegalStateException when no Spring-managed transaction is active on the
	 * data source
	 * @throws LeaderStoreException when the check cannot be made
	 */
	public void check(FencingToken token) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The fencing guard needs a Spring-managed transaction: annotate the method "
					+ "with @Transactional (or use a TransactionTemplate), or pass a connection whose transaction you "
					+ "manage to check(connection, token). Without one the lease row is unlocked before the writes "
					+ "it guards");
		}
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		try {
			if (!DataSourceUtils.isConnectionTransactional(connection, this.dataSource)) {
				throw new IllegalStateException("The fencing guard needs a Spring-managed transaction on the lease "
						+ "table's DataSource (" + this.dataSource + "), but the active transaction belongs to "
						+ "another one: use a transaction manager of this DataSource for the guarded method");
			}
			check(connection, token, true);
		}
		finally {
			DataSourceUtils.releaseConnection(connection, this.dataSource);
		}
	}

	/**
	 * Check the token inside the transaction of a connection the caller manages, keeping
	 * the lease row locked until that transaction ends. On PostgreSQL the transaction's
	 * idle time is bounded by the lease duration; on MariaDB it is not (a session setting
	 * could not be reset when the caller's transaction ends).
	 * @param connection a connection with auto-commit off, to the lease table's database
	 * @param token the token the writes are made under
	 * @throws FencingException when the token is stale
	 * @throws FencingCheckConflictException when the transaction's isolation level made
	 * the check fail (a serialization failure): roll back and retry
	 * @throws IllegalStateException when the connection is in auto-commit mode
	 * @throws LeaderStoreException when the check cannot be made
	 */
	public void check(Connection connection, FencingToken token) {
		check(connection, token, false);
	}

	private void check(Connection connection, FencingToken token, boolean springManaged) {
		LeaseTable.Statements sql = null;
		try {
			if (connection.getAutoCommit()) {
				throw new IllegalStateException("The fencing guard must run inside a transaction: "
						+ "annotate the method with @Transactional or turn auto-commit off, "
						+ "otherwise the lease row is unlocked before the writes it guards");
			}
			sql = this.table.statements(connection);
			boolean postgresql = sql.dialect() == JdbcLeaseDialect.POSTGRESQL;
			if (springManaged && sql.dialect() == JdbcLeaseDialect.MYSQL && sql.features().mariaDb()) {
				boundIdleTransaction(connection);
			}
			String read = sql.readForGuard(this.table.layout(connection));
			if (postgresql) {
				// Bound the transaction's idle time in the same round trip (transaction
				// scope: set_config's third argument).
				read = read.replaceFirst(" FROM ",
						", set_config('idle_in_transaction_session_timeout', ?, true) AS idle_bound FROM ");
			}
			try (PreparedStatement statement = connection.prepareStatement(read)) {
				int index = 1;
				if (postgresql) {
					statement.setString(index++, Long.toString(Math.max(1, this.leaseDuration.toMillis())));
				}
				statement.setString(index, token.group());
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
			if ("40001".equals(ex.getSQLState())) {
				throw new FencingCheckConflictException(token, ex);
			}
			RuntimeException missing = this.table.translateMissingTable(ex, sql);
			if (missing != null) {
				throw missing;
			}
			throw new LeaderStoreException("Fencing guard could not check " + token + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * MariaDB: end the transaction's session when it idles longer than the lease (whole
	 * seconds, rounded up), and reset the session's setting when the transaction
	 * completes, before the connection returns to the pool. Once per transaction.
	 */
	private void boundIdleTransaction(Connection connection) throws SQLException {
		Object key = new IdleBoundKey(connection);
		if (TransactionSynchronizationManager.hasResource(key)) {
			return;
		}
		long seconds = Math.max(1, (this.leaseDuration.toMillis() + 999) / 1000);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET SESSION idle_transaction_timeout = " + seconds);
		}
		TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(key);
				try (Statement statement = connection.createStatement()) {
					statement.execute("SET SESSION idle_transaction_timeout = DEFAULT");
				}
				catch (SQLException ex) {
					// The session is gone (ended by the bound itself, for example); the
					// pool discards a broken connection.
				}
			}

		});
	}

	/**
	 * Marks a transaction whose idle time is already bounded.
	 */
	private record IdleBoundKey(Connection connection) {

	}

}
