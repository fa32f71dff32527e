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
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipHistoryException;
import dev.leader.LeadershipRecord;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.engine.BeliefBoard;
import dev.leader.engine.HistoryRetention;
import dev.leader.lease.InstanceLiveness;
import dev.leader.lease.LeaseStore;
import dev.leader.lease.LeaseTimings;
import dev.leader.lease.LockStore;
import dev.leader.lease.ReleaseWatch;

/**
 * A {@link LeaseStore} over a lock table (default {@code leader_lease}) with one row per
 * group. Acquire, renew and release are each one conditional {@code UPDATE} evaluated
 * with the database clock; the fencing token is advanced by the acquisition and kept by
 * renewals, releases and expiry. Rows are never deleted, so tokens survive restarts.
 * <p>
 * Every call takes its own connection from the {@link DataSource} (never the caller's
 * transaction) and bounds it with a network timeout, so a hung connection fails the call
 * instead of blocking the campaign.
 * <p>
 * Reads and renewals of several groups take one statement per call ({@link #readAll},
 * {@link #renewAll}), however many groups; a group whose row a guarded transaction keeps
 * locked is renewed on its own, with a bounded wait, so that it costs no other group.
 * Acquisitions bound their lock waits too, and answer "not acquired" when the wait runs
 * out. The table must have the current layout (see {@link JdbcLeaseSchema}); the
 * connections must be the store's own: a {@code TransactionAwareDataSourceProxy} is
 * unwrapped, read-only connections and connections of the caller's Spring-managed
 * transaction are refused. On PostgreSQL a release also notifies the nodes that
 * {@linkplain #watchReleases watch} for releases ({@code LISTEN} on one connection of the
 * pool per watching node), so that they take over at once instead of at their next
 * attempt.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class JdbcLeaseStore implements LeaseStore, LockStore {

	/** The default table name. */
	public static final String DEFAULT_TABLE_NAME = "leader_lease";

	/** The most groups one statement reads or renews. */
	static final int BATCH = 500;

	/** Network timeouts need an executor to abort connections; drivers run it inline. */
	private static final Executor DIRECT = Runnable::run;

	private final DataSource dataSource;

	private final LeaseTable table;

	private final @Nullable FastFailover fastFailover;

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
	public JdbcLeaseStore(DataSource dataSource, String tableName, @Nullable JdbcLeaseDialect dialect) {
		if (dataSource == null) {
			throw new IllegalArgumentException("A DataSource is required");
		}
		this.dataSource = StoreConnections.unwrap(dataSource);
		this.table = new LeaseTable(tableName, dialect);
		this.fastFailover = null;
	}

	private JdbcLeaseStore(JdbcLeaseStore store, FastFailover fastFailover) {
		this.dataSource = store.dataSource;
		this.table = store.table;
		this.fastFailover = fastFailover;
	}

	/**
	 * This store with fast failover on PostgreSQL, MariaDB or MySQL (see
	 * {@link FastFailover} and {@code docs/fast-failover.md}): each instance holds a
	 * liveness session, and followers take over the leases of an instance whose session
	 * ended at once instead of when they expire. The coordinator refuses to start on
	 * another database (H2).
	 * @param fastFailover the options
	 * @return a store over the same table and data source, with fast failover
	 */
	public JdbcLeaseStore withFastFailover(FastFailover fastFailover) {
		return new JdbcLeaseStore(this, Objects.requireNonNull(fastFailover, "fastFailover"));
	}

	/**
	 * A guard for writes into this store's database inside the caller's transaction, for
	 * the default lease duration.
	 * @return the guard over this store's table
	 */
	public JdbcFencingGuard guard() {
		return guard(LeaseTimings.DEFAULT_LEASE_DURATION);
	}

	/**
	 * A guard for writes into this store's database inside the caller's transaction.
	 * @param leaseDuration the coordinator's lease duration, which bounds how long a
	 * guarded transaction may idle (see {@link JdbcFencingGuard})
	 * @return the guard over this store's table
	 */
	public JdbcFencingGuard guard(Duration leaseDuration) {
		return new JdbcFencingGuard(this.dataSource, this.table, LeaseObserver.NONE, leaseDuration);
	}

	/**
	 * Keeps each instance's beliefs in the table {@code <lease table>_member}, for the
	 * duplicate-leader check.
	 */
	@Override
	public Optional<BeliefBoard> beliefBoard() {
		return Optional.of(new JdbcBeliefBoard(this, this.table.name()));
	}

	/**
	 * The lease table's name.
	 * @return the table name
	 */
	public String tableName() {
		return this.table.name();
	}

	/**
	 * The fast-failover options, when {@linkplain #withFastFailover on}.
	 * @return the options, or empty when leases are only taken when free or expired
	 */
	public Optional<FastFailover> fastFailover() {
		return Optional.ofNullable(this.fastFailover);
	}

	@Override
	public String description() {
		return "jdbc";
	}

	/**
	 * Check that the table exists with the current layout (see {@link JdbcLeaseSchema})
	 * and that the data source gives the store connections of its own: not read-only, not
	 * part of a Spring-managed transaction.
	 * @throws LeaseTableNotFoundException when the table does not exist
	 * @throws LeaseTableOutdatedException when the table has the layout of earlier
	 * scripts
	 * @throws dev.leader.LeaderConfigurationException when the connections are unfit
	 */
	@Override
	public void checkReady(Duration timeout) {
		execute("check table", timeout, (connection, sql) -> {
			try (Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(seconds(timeout));
				statement.executeQuery(sql.probe()).close();
			}
			if (this.table.layout(connection) == LeaseTableLayout.LAYOUT_1) {
				throw new LeaseTableOutdatedException(this.table.name(), sql.dialect());
			}
			if (!this.table.historyExists(connection)) {
				throw LeaseTableOutdatedException.withoutHistory(this.table.name(), this.table.historyName(),
						sql.dialect(), null);
			}
			if (!this.table.pauseExists(connection)) {
				throw LeaseTableOutdatedException.withoutPauses(this.table.name(), sql.dialect());
			}
			return Boolean.TRUE; // nothing to return
		});
	}

	/**
	 * Acquire, and record the grant in the history (closing the predecessor's record with
	 * the end it inferred) in the same statement on PostgreSQL, in the same transaction
	 * elsewhere. Lock waits are bounded as for every acquisition.
	 */
	@Override
	public OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout) {
		Duration wait = timeout.dividedBy(2);
		try {
			return execute("acquire group '" + group + "'", timeout,
					(connection, sql) -> withBoundedLockWaits(connection, sql, wait, () -> {
						HistoryStatements history = this.table.history(connection);
						OptionalLong updated = JdbcLeaseHistory.acquire(connection, sql, history, group, holder,
								leaseDuration, wait, timeout);
						return (updated != null) ? updated : JdbcLeaseHistory.insertFirst(connection, sql, history,
								group, holder, leaseDuration, timeout);
					}));
		}
		catch (LockWaitTimedOut ex) {
			return OptionalLong.empty();
		}
	}

	@Override
	public OptionalLong acquireExclusive(String group, String holder, Duration leaseDuration, Duration timeout) {
		return acquire("lock '" + group + "'", LeaseTable.Statements::acquireExclusive, group, holder, leaseDuration,
				timeout);
	}

	/**
	 * Acquire with lock waits bounded by half the call's timeout (see
	 * {@link LeaseTable.Statements#boundLockWaits}): an acquisition that waits for a
	 * fencing guard's transaction (which keeps the row locked until it ends) gives up in
	 * time and answers "not acquired this time" instead of holding a store thread past
	 * the lease or failing with an error.
	 */
	private OptionalLong acquire(String operation, Function<LeaseTable.Statements, String> acquire, String group,
			String holder, Duration leaseDuration, Duration timeout) {
		Duration wait = timeout.dividedBy(2);
		try {
			return execute(operation, timeout, (connection, sql) -> withBoundedLockWaits(connection, sql, wait, () -> {
				OptionalLong updated = acquireExisting(connection, sql.withBoundedWait(acquire.apply(sql), wait), sql,
						group, holder, leaseDuration, timeout);
				return (updated != null) ? updated
						: insertFirst(connection, sql, group, holder, leaseDuration, timeout);
			}));
		}
		catch (LockWaitTimedOut ex) {
			return OptionalLong.empty();
		}
	}

	/**
	 * Take over the group's row when it is free, expired or ours.
	 * @return the new token, empty when the lease is held by another node, or
	 * {@code null} when the group has no row yet
	 */
	private @Nullable OptionalLong acquireExisting(Connection connection, String acquire, LeaseTable.Statements sql,
			String group, String holder, Duration leaseDuration, Duration timeout) throws SQLException {
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

	/**
	 * Take over a lease from an instance whose liveness session ended: one conditional
	 * update on the ended holder and its token, lock waits bounded as for acquisitions.
	 */
	@Override
	public OptionalLong takeOver(String group, String holder, String from, long fromToken, Duration leaseDuration,
			Duration timeout) {
		if (this.fastFailover == null) {
			throw new UnsupportedOperationException("Fast failover is off: leases are only taken when free or expired");
		}
		Duration wait = timeout.dividedBy(2);
		try {
			return execute("take over group '" + group + "'", timeout,
					(connection, sql) -> withBoundedLockWaits(connection, sql, wait,
							() -> JdbcLeaseHistory.takeOver(connection, sql, this.table.history(connection),
									sql.withBoundedWait(sql.takeOver(), wait), group, holder, from, fromToken,
									leaseDuration, wait, timeout)));
		}
		catch (LockWaitTimedOut ex) {
			return OptionalLong.empty();
		}
	}

	/**
	 * With {@linkplain #withFastFailover fast failover}: the instance's liveness session
	 * and the waits on the leaders' sessions. The database must be PostgreSQL, MariaDB or
	 * MySQL, reached without a proxy that runs statements in different server sessions or
	 * that the server version names (ProxySQL, MaxScale); both are checked now when the
	 * database answers.
	 * @throws dev.leader.LeaderConfigurationException when they are not
	 */
	@Override
	public Optional<InstanceLiveness> liveness(String instanceId, Duration leaseDuration,
			InstanceLiveness.Listener listener) {
		FastFailover options = this.fastFailover;
		if (options == null) {
			return Optional.empty();
		}
		SessionLiveness.checkSessions(options, instanceId);
		return Optional.of(new SessionLiveness(options, instanceId, leaseDuration, listener));
	}

	@Override
	public boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout) {
		return execute("renew group '" + group + "'", timeout,
				(connection, sql) -> renewOne(connection, sql.renew(), group, holder, token, leaseDuration, timeout));
	}

	/**
	 * Release as a yield.
	 */
	@Override
	public boolean release(String group, String holder, long token, Duration timeout) {
		return release(group, holder, token, LeadershipEnd.YIELDED, timeout);
	}

	/**
	 * Release, and close the holder's record in the history with the reason, in the same
	 * statement on PostgreSQL (which also notifies the nodes watching for releases), in
	 * the same transaction elsewhere.
	 */
	@Override
	public boolean release(String group, String holder, long token, LeadershipEnd reason, Duration timeout) {
		return execute("release group '" + group + "'", timeout,
				(connection, sql) -> JdbcLeaseHistory.release(connection, sql, this.table.history(connection), group,
						holder, token, reason, this.table.name(), timeout));
	}

	/**
	 * The history table {@code leader_lease_history} (the lease table's name with
	 * {@code _history}) is part of the table's layout.
	 */
	@Override
	public boolean keepsHistory() {
		return true;
	}

	@Override
	public List<LeadershipRecord> history(String group, Instant since, Duration timeout) {
		return execute("read the history of group '" + group + "'", timeout, (connection, sql) -> JdbcLeaseHistory
			.read(connection, this.table.history(connection), group, since, timeout));
	}

	@Override
	public boolean annotate(String group, long token, LeadershipEnd reason, String detail, Duration timeout) {
		return execute("annotate the history of group '" + group + "'", timeout, (connection, sql) -> JdbcLeaseHistory
			.annotate(connection, this.table.history(connection), group, token, reason, detail, timeout));
	}

	/**
	 * One {@code DELETE} per {@value #BATCH} groups.
	 */
	@Override
	public void pruneHistory(Map<String, Long> tokens, HistoryRetention retention, Duration timeout) {
		for (List<String> chunk : chunks(new ArrayList<>(tokens.keySet()))) {
			execute("prune the history of " + chunk.size() + " groups", timeout, (connection, sql) -> {
				JdbcLeaseHistory.prune(connection, this.table.history(connection), chunk, tokens, retention, timeout);
				return Boolean.TRUE; // nothing to return
			});
		}
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

	/**
	 * Read several groups' leases with one statement (per {@value #BATCH} groups).
	 */
	@Override
	public Map<String, Lease> readAll(Collection<String> groups, Duration timeout) {
		Map<String, Lease> leases = new LinkedHashMap<>();
		for (List<String> chunk : chunks(new ArrayList<>(groups))) {
			execute("read " + chunk.size() + " groups", timeout, (connection, sql) -> {
				try (PreparedStatement statement = connection.prepareStatement(sql.readAll(chunk.size()))) {
					statement.setQueryTimeout(seconds(timeout));
					for (int i = 0; i < chunk.size(); i++) {
						statement.setString(i + 1, chunk.get(i));
					}
					try (ResultSet result = statement.executeQuery()) {
						while (result.next()) {
							String group = result.getString("group_name");
							leases.put(group, readLease(group, result, sql.dialect()));
						}
					}
				}
				return Boolean.TRUE; // nothing to return
			});
		}
		return leases;
	}

	/**
	 * Renew several groups' leases of one holder, so that a transaction holding one
	 * group's row (a fencing guard) costs at most that group. First the leases whose rows
	 * nobody else has locked are renewed at once ({@code SKIP LOCKED}: one statement on
	 * PostgreSQL, a locking read and an update in one transaction elsewhere); then each
	 * remaining group is renewed alone, its lock wait bounded by what is left of half the
	 * call's timeout. A group whose row stays locked that long is not renewed. On
	 * databases without {@code SKIP LOCKED} (MySQL before 8.0, MariaDB before 10.6) all
	 * groups take one statement (per {@value #BATCH}), which waits for every locked row.
	 */
	@Override
	public Set<String> renewAll(String holder, Map<String, Long> tokens, Duration leaseDuration, Duration timeout) {
		long deadline = System.nanoTime() + timeout.dividedBy(2).toNanos();
		Set<String> renewed = new LinkedHashSet<>();
		for (List<String> chunk : chunks(new ArrayList<>(tokens.keySet()))) {
			// Whether the first pass already waited for every group it did not renew.
			AtomicBoolean waited = new AtomicBoolean();
			Set<String> result = execute("renew " + chunk.size() + " groups", timeout, (connection, sql) -> {
				if (!sql.features().skipLocked()) {
					waited.set(true);
					return renewTogether(connection, sql, holder, chunk, tokens, leaseDuration, timeout);
				}
				if (sql.dialect() == JdbcLeaseDialect.POSTGRESQL || chunk.size() > 1) {
					return renewUnlocked(connection, sql, holder, chunk, tokens, leaseDuration, timeout);
				}
				// One group on MySQL, MariaDB or H2: a bounded wait right away, one
				// statement.
				String group = chunk.get(0);
				long left = deadline - System.nanoTime();
				waited.set(true);
				try {
					return (left > 0 && renewBounded(connection, sql, group, holder, tokenOf(tokens, group),
							leaseDuration, Duration.ofNanos(left), timeout)) ? Set.of(group) : Set.of();
				}
				catch (LockWaitTimedOut ex) {
					return Set.of();
				}
			});
			for (String group : chunk) {
				if (result.contains(group)) {
					renewed.add(group);
				}
				else if (!waited.get()) {
					long left = deadline - System.nanoTime();
					if (left > 0 && renewWaiting(group, holder, tokenOf(tokens, group), leaseDuration,
							Duration.ofNanos(left), timeout)) {
						renewed.add(group);
					}
				}
			}
		}
		return renewed;
	}

	private Set<String> renewUnlocked(Connection connection, LeaseTable.Statements sql, String holder,
			List<String> chunk, Map<String, Long> tokens, Duration leaseDuration, Duration timeout)
			throws SQLException {
		Set<String> renewed = new LinkedHashSet<>();
		if (sql.dialect() == JdbcLeaseDialect.POSTGRESQL) {
			try (PreparedStatement statement = connection.prepareStatement(sql.renewUnlocked(chunk.size()))) {
				statement.setQueryTimeout(seconds(timeout));
				int next = bindHeld(statement, 1, holder, chunk, tokens);
				statement.setLong(next, leaseDuration.toMillis());
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						renewed.add(result.getString(1));
					}
				}
			}
			return renewed;
		}
		connection.setAutoCommit(false);
		List<String> locked = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(sql.lockUnlocked(chunk.size()))) {
			statement.setQueryTimeout(seconds(timeout));
			statement.setString(1, holder);
			for (int i = 0; i < chunk.size(); i++) {
				statement.setString(i + 2, chunk.get(i));
			}
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					String group = result.getString(1);
					if (tokens.containsKey(group) && tokens.get(group) == result.getLong(2)) {
						locked.add(group);
					}
				}
			}
		}
		if (!locked.isEmpty()) {
			try (PreparedStatement statement = connection.prepareStatement(sql.renewLocked(locked.size()))) {
				statement.setQueryTimeout(seconds(timeout));
				statement.setLong(1, leaseDuration.toMillis());
				for (int i = 0; i < locked.size(); i++) {
					statement.setString(i + 2, locked.get(i));
				}
				statement.executeUpdate();
			}
			renewed.addAll(locked);
		}
		return renewed;
	}

	/**
	 * Renew one group, waiting at most {@code wait} for its row's lock.
	 */
	private boolean renewWaiting(String group, String holder, long token, Duration leaseDuration, Duration wait,
			Duration timeout) {
		try {
			return execute("renew group '" + group + "'", timeout, (connection, sql) -> renewBounded(connection, sql,
					group, holder, token, leaseDuration, wait, timeout));
		}
		catch (LockWaitTimedOut ex) {
			return false;
		}
	}

	/**
	 * The renewal of one group on a connection, its lock wait bounded.
	 * @throws LockWaitTimedOut when the row stayed locked
	 */
	private static boolean renewBounded(Connection connection, LeaseTable.Statements sql, String group, String holder,
			long token, Duration leaseDuration, Duration wait, Duration timeout) throws SQLException {
		return withBoundedLockWaits(connection, sql, wait, () -> renewOne(connection,
				sql.withBoundedWait(sql.renew(), wait), group, holder, token, leaseDuration, timeout));
	}

	/**
	 * Run a single-group renewal statement (parameters: lease duration, group, holder,
	 * token).
	 */
	private static boolean renewOne(Connection connection, String renew, String group, String holder, long token,
			Duration leaseDuration, Duration timeout) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(renew)) {
			statement.setQueryTimeout(seconds(timeout));
			statement.setLong(1, leaseDuration.toMillis());
			statement.setString(2, group);
			statement.setString(3, holder);
			statement.setLong(4, token);
			return statement.executeUpdate() == 1;
		}
	}

	/**
	 * Run statements on a connection whose lock waits are bounded by {@code wait} (see
	 * {@link LeaseTable.Statements#boundLockWaits}), restoring the session afterwards.
	 * @throws LockWaitTimedOut when a statement gave up waiting for a row lock
	 */
	private static <T> T withBoundedLockWaits(Connection connection, LeaseTable.Statements sql, Duration wait,
			LockedCall<T> call) throws SQLException {
		long restore = sql.boundLockWaits(connection, wait);
		try {
			return call.run();
		}
		catch (SQLException ex) {
			if (sql.isLockTimeout(ex)) {
				throw new LockWaitTimedOut(ex);
			}
			throw ex;
		}
		finally {
			sql.unboundLockWaits(connection, restore);
		}
	}

	/**
	 * All groups of a chunk in one statement, for databases without {@code SKIP LOCKED}.
	 */
	private static Set<String> renewTogether(Connection connection, LeaseTable.Statements sql, String holder,
			List<String> chunk, Map<String, Long> tokens, Duration leaseDuration, Duration timeout)
			throws SQLException {
		Set<String> renewed = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(sql.renewAll(chunk.size()))) {
			statement.setQueryTimeout(seconds(timeout));
			statement.setLong(1, leaseDuration.toMillis());
			bindHeld(statement, 2, holder, chunk, tokens);
			if (!sql.dialect().returnsUpdatedGroups()) {
				if (statement.executeUpdate() == chunk.size()) {
					renewed.addAll(chunk);
				}
				else {
					renewed.addAll(heldOf(connection, sql, holder, chunk, tokens, timeout));
				}
			}
			else {
				try (ResultSet result = statement.executeQuery()) {
					while (result.next()) {
						renewed.add(result.getString(1));
					}
				}
			}
		}
		return renewed;
	}

	/**
	 * After an incomplete renewal where the database cannot return the updated rows: the
	 * groups of the chunk that the holder still holds, unexpired (just renewed).
	 */
	private static Set<String> heldOf(Connection connection, LeaseTable.Statements sql, String holder,
			List<String> chunk, Map<String, Long> tokens, Duration timeout) throws SQLException {
		Set<String> held = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(sql.heldOf(chunk.size()))) {
			statement.setQueryTimeout(seconds(timeout));
			bindHeld(statement, 1, holder, chunk, tokens);
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					held.add(result.getString(1));
				}
			}
		}
		return held;
	}

	/**
	 * Bind the holder, then group and token of each.
	 * @return the next parameter's index
	 */
	private static int bindHeld(PreparedStatement statement, int first, String holder, List<String> groups,
			Map<String, Long> tokens) throws SQLException {
		statement.setString(first, holder);
		int index = first + 1;
		for (String group : groups) {
			statement.setString(index++, group);
			statement.setLong(index++, tokenOf(tokens, group));
		}
		return index;
	}

	private static List<List<String>> chunks(List<String> groups) {
		List<List<String>> chunks = new ArrayList<>();
		for (int start = 0; start < groups.size(); start += BATCH) {
			chunks.add(groups.subList(start, Math.min(groups.size(), start + BATCH)));
		}
		return chunks;
	}

	/**
	 * On PostgreSQL, listen for the releases of this table's leases on one connection of
	 * the pool, held for as long as the watch is open (and re-opened after a failure).
	 * Elsewhere the watch never watches.
	 */
	@Override
	public Optional<ReleaseWatch> watchReleases(ReleaseWatch.Listener listener) {
		return Optional.of(new JdbcReleaseWatch(this.dataSource, this.table.name(), this::dialect, listener));
	}

	private JdbcLeaseDialect dialect(Connection connection) throws SQLException {
		return this.table.statements(connection).dialect();
	}

	static Lease readLease(String group, ResultSet result, JdbcLeaseDialect dialect) throws SQLException {
		return new Lease(group, result.getString("holder"), result.getLong("token"),
				dialect.instant(result, "acquired_at"), dialect.instant(result, "renewed_at"),
				dialect.instant(result, "expires_at"),
				Objects.requireNonNull(dialect.instant(result, "store_now"), "the database clock"));
	}

	/**
	 * Run a call on a connection of its own. A call that needs a transaction turns
	 * auto-commit off; the transaction (also when the pool hands out connections with
	 * auto-commit off) is committed at the end, and auto-commit restored.
	 */
	<T> T execute(String operation, Duration timeout, LeaseCall<T> call) {
		LeaseTable.Statements sql = null;
		try (Connection connection = this.dataSource.getConnection()) {
			StoreConnections.requireOwn(connection, this.dataSource);
			int previousTimeout = applyNetworkTimeout(connection, timeout);
			sql = this.table.statements(connection);
			boolean autoCommit = connection.getAutoCommit();
			try {
				T result = call.run(connection, sql);
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				if (!connection.getAutoCommit()) {
					connection.rollback();
				}
				throw ex;
			}
			finally {
				if (autoCommit && !connection.getAutoCommit()) {
					connection.setAutoCommit(true);
				}
				restoreNetworkTimeout(connection, previousTimeout);
			}
		}
		catch (SQLException ex) {
			RuntimeException missing = this.table.translateMissingTable(ex, sql);
			if (missing != null) {
				throw missing;
			}
			if (ex instanceof JdbcLeaseHistory.HistoryWriteFailed) {
				throw new LeadershipHistoryException("JDBC lease store could not " + operation + " in table '"
						+ this.table.name() + "': " + ex.getMessage(), ex);
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

	private static long tokenOf(Map<String, Long> tokens, String group) {
		Long token = tokens.get(group);
		if (token == null) {
			throw new IllegalArgumentException("No token given for group '" + group + "'");
		}
		return token;
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

	static boolean isDuplicateKey(SQLException ex) {
		String state = ex.getSQLState();
		return state != null && state.startsWith("23");
	}

	/**
	 * A bounded lock wait ran out: the call's answer is "not this time".
	 */
	private static final class LockWaitTimedOut extends RuntimeException {

		private static final long serialVersionUID = 1L;

		LockWaitTimedOut(SQLException cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	@FunctionalInterface
	private interface LockedCall<T> {

		T run() throws SQLException;

	}

	@FunctionalInterface
	interface LeaseCall<T> {

		T run(Connection connection, LeaseTable.Statements sql) throws SQLException;

	}

}
