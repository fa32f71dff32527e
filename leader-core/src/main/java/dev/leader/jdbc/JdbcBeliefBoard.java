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
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.leader.LeaderConfigurationException;
import dev.leader.engine.BeliefBoard;

/**
 * The JDBC store's {@link BeliefBoard}: one row per instance in the lease table's
 * companion table {@code <lease table>_member} (instance, node, beliefs as
 * {@code group=token} pairs, valid until, last seen), written and read in store time. On
 * PostgreSQL one statement writes the row and reads the others' valid rows, the held
 * leases and the pause flags (a data-modifying CTE: one snapshot); elsewhere two
 * statements in one repeatable-read transaction. The pause flags are the rows of the
 * companion table {@code <lease table>_pause} (layout 4), one per paused group.
 *
 * @author leader-spring-boot-starter
 */
final class JdbcBeliefBoard implements BeliefBoard {

	/**
	 * Rows of instances not seen for this long are deleted, now and then, by any node.
	 */
	private static final Duration FORGOTTEN_AFTER = Duration.ofHours(1);

	/**
	 * How many exchanges of one instance pass between two deletions of forgotten rows.
	 */
	private static final int CLEANUP_EVERY = 100;

	/**
	 * How many exchange intervals an instance counts as a member after its last write.
	 */
	private static final int MEMBER_ROUNDS = 3;

	private final JdbcLeaseStore store;

	private final String leaseTable;

	private final String table;

	private final String pauseTable;

	private final AtomicInteger exchanges = new AtomicInteger();

	JdbcBeliefBoard(JdbcLeaseStore store, String leaseTable) {
		this.store = store;
		this.leaseTable = leaseTable;
		this.table = memberTable(leaseTable);
		this.pauseTable = pauseTable(leaseTable);
	}

	/**
	 * The pause table that goes with a lease table (layout 4).
	 * @param leaseTable the lease table's name
	 * @return its name with {@code _pause} appended
	 */
	static String pauseTable(String leaseTable) {
		return leaseTable + "_pause";
	}

	/**
	 * The member table that goes with a lease table.
	 * @param leaseTable the lease table's name
	 * @return its name with {@code _member} appended
	 */
	static String memberTable(String leaseTable) {
		return leaseTable + "_member";
	}

	@Override
	public Snapshot exchange(String nodeId, String instanceId, Supplier<Beliefs> beliefs, Duration timeout) {
		boolean cleanup = this.exchanges.incrementAndGet() % CLEANUP_EVERY == 0;
		return call("exchange beliefs", timeout, (connection, sql) -> {
			JdbcLeaseDialect dialect = sql.dialect();
			if (cleanup) {
				update(connection, timeout,
						"DELETE FROM " + this.table + " WHERE seen_at < " + dialect.plusMillis(dialect.now()),
						-FORGOTTEN_AFTER.toMillis());
			}
			// Asked for only now, on an open connection: the validity sent is counted
			// from
			// as close to the send time as the caller can get.
			Beliefs mine = beliefs.get();
			String encoded = mine.encode();
			long validMillis = Math.max(0, mine.validFor().toMillis());
			MemberRecord record = new MemberRecord(instanceId, nodeId, encoded, validMillis);
			return (dialect == JdbcLeaseDialect.POSTGRESQL)
					? exchangeInOneStatement(connection, timeout, dialect, record)
					: exchangeInTransaction(connection, timeout, dialect, record);
		});
	}

	@Override
	public void withdraw(String instanceId, Duration timeout) {
		call("withdraw beliefs", timeout, (connection, sql) -> {
			try (PreparedStatement statement = connection
				.prepareStatement("DELETE FROM " + this.table + " WHERE instance_id = ?")) {
				statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
				statement.setString(1, instanceId);
				return statement.executeUpdate();
			}
		});
	}

	@Override
	public boolean pause(String group, boolean paused, String byNode, Duration timeout) {
		return call((paused ? "pause" : "unpause") + " group '" + group + "'", timeout, (connection, sql) -> {
			JdbcLeaseDialect dialect = sql.dialect();
			if (!paused) {
				try (PreparedStatement statement = connection
					.prepareStatement("DELETE FROM " + this.pauseTable + " WHERE group_name = ?")) {
					statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
					statement.setString(1, group);
					return statement.executeUpdate() > 0;
				}
			}
			String insert = "INSERT INTO " + this.pauseTable + " (group_name, paused_by, paused_at) VALUES (?, ?, "
					+ dialect.now() + ")"
					+ ((dialect == JdbcLeaseDialect.POSTGRESQL) ? " ON CONFLICT (group_name) DO NOTHING" : "");
			try (PreparedStatement statement = connection.prepareStatement(insert)) {
				statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
				statement.setString(1, group);
				statement.setString(2, byNode);
				return statement.executeUpdate() > 0;
			}
			catch (SQLException ex) {
				String state = ex.getSQLState();
				if (state != null && state.startsWith("23")) {
					// The group is paused already (a duplicate key).
					return false;
				}
				throw ex;
			}
		});
	}

	private Snapshot exchangeInOneStatement(Connection connection, Duration timeout, JdbcLeaseDialect dialect,
			MemberRecord record) throws SQLException {
		String now = dialect.now();
		String query = "WITH published AS (INSERT INTO " + this.table
				+ " (instance_id, node_id, beliefs, valid_until, seen_at) VALUES (?, ?, ?, " + dialect.plusMillis(now)
				+ ", " + now + ") ON CONFLICT (instance_id) DO UPDATE SET node_id = EXCLUDED.node_id, "
				+ "beliefs = EXCLUDED.beliefs, valid_until = EXCLUDED.valid_until, seen_at = EXCLUDED.seen_at "
				+ "RETURNING instance_id) " + othersQuery(now) + " UNION ALL " + leasesQuery() + " UNION ALL "
				+ membersQuery(dialect) + " UNION ALL " + pausesQuery();
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			record.bind(statement);
			statement.setString(5, record.instanceId());
			statement.setLong(6, -memberHorizon(timeout));
			try (ResultSet rows = statement.executeQuery()) {
				return snapshot(rows);
			}
		}
	}

	private Snapshot exchangeInTransaction(Connection connection, Duration timeout, JdbcLeaseDialect dialect,
			MemberRecord record) throws SQLException {
		String now = dialect.now();
		int isolation = connection.getTransactionIsolation();
		connection.setAutoCommit(false);
		connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
		try {
			String upsert = (dialect == JdbcLeaseDialect.H2)
					? "MERGE INTO " + this.table + " (instance_id, node_id, beliefs, valid_until, seen_at) KEY "
							+ "(instance_id) VALUES (?, ?, ?, " + dialect.plusMillis(now) + ", " + now + ")"
					: "INSERT INTO " + this.table + " (instance_id, node_id, beliefs, valid_until, seen_at) VALUES "
							+ "(?, ?, ?, " + dialect.plusMillis(now) + ", " + now + ") ON DUPLICATE KEY UPDATE "
							+ "node_id = VALUES(node_id), beliefs = VALUES(beliefs), "
							+ "valid_until = VALUES(valid_until), seen_at = VALUES(seen_at)";
			try (PreparedStatement statement = connection.prepareStatement(upsert)) {
				statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
				record.bind(statement);
				statement.executeUpdate();
			}
			try (PreparedStatement statement = connection.prepareStatement(othersQuery(now) + " UNION ALL "
					+ leasesQuery() + " UNION ALL " + membersQuery(dialect) + " UNION ALL " + pausesQuery())) {
				statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
				statement.setString(1, record.instanceId());
				statement.setLong(2, -memberHorizon(timeout));
				try (ResultSet rows = statement.executeQuery()) {
					Snapshot snapshot = snapshot(rows);
					connection.commit();
					return snapshot;
				}
			}
		}
		finally {
			connection.setTransactionIsolation(isolation);
		}
	}

	/**
	 * The other instances' valid beliefs (one parameter: this instance), in the columns
	 * the leases query shares.
	 */
	private String othersQuery(String now) {
		return "SELECT 'b' AS kind, instance_id AS name, beliefs AS detail, 0 AS token FROM " + this.table
				+ " WHERE instance_id <> ? AND beliefs <> '' AND valid_until > " + now;
	}

	/**
	 * Every instance seen within the member horizon (one parameter: minus the horizon in
	 * milliseconds), whatever it believes.
	 */
	private String membersQuery(JdbcLeaseDialect dialect) {
		return "SELECT 'm', instance_id, beliefs, 0 FROM " + this.table + " WHERE seen_at > "
				+ dialect.plusMillis(dialect.now());
	}

	/**
	 * How long after its last write an instance still counts as a member: three rounds,
	 * so that one slow or failed exchange does not make a live node leave.
	 */
	private static long memberHorizon(Duration interval) {
		return interval.multipliedBy(MEMBER_ROUNDS).toMillis();
	}

	private String leasesQuery() {
		return "SELECT 'l', group_name, holder, token FROM " + this.leaseTable + " WHERE holder IS NOT NULL";
	}

	/**
	 * The groups paused cluster-wide.
	 */
	private String pausesQuery() {
		return "SELECT 'p', group_name, paused_by, 0 FROM " + this.pauseTable;
	}

	private static Snapshot snapshot(ResultSet rows) throws SQLException {
		Map<String, Map<String, Long>> beliefs = new HashMap<>();
		Map<String, Long> tokens = new HashMap<>();
		Map<String, String> holders = new HashMap<>();
		Map<String, BeliefBoard.Member> members = new HashMap<>();
		Set<String> paused = new HashSet<>();
		while (rows.next()) {
			String kind = rows.getString(1);
			if ("m".equals(kind)) {
				members.put(rows.getString(2), BeliefBoard.Member.decode(rows.getString(3)));
			}
			else if ("p".equals(kind)) {
				paused.add(rows.getString(2));
			}
			else if ("b".equals(kind)) {
				beliefs.put(rows.getString(2), BeliefBoard.decode(rows.getString(3)));
			}
			else {
				tokens.put(rows.getString(2), rows.getLong(4));
				holders.put(rows.getString(2), rows.getString(3));
			}
		}
		return new Snapshot(beliefs, tokens, holders, members, paused);
	}

	private static void update(Connection connection, Duration timeout, String sql, long parameter)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setQueryTimeout(JdbcLeaseStore.seconds(timeout));
			statement.setLong(1, parameter);
			statement.executeUpdate();
		}
	}

	private <T> T call(String operation, Duration timeout, JdbcLeaseStore.LeaseCall<T> call) {
		try {
			return this.store.execute(operation, timeout, call);
		}
		catch (LeaseTableNotFoundException ex) {
			Throwable cause = ex.getCause();
			String message = (cause != null) ? String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT) : "";
			if (message.contains(this.pauseTable.toLowerCase(Locale.ROOT))) {
				throw new PauseTableMissingException(this.pauseTable, ex);
			}
			throw new MemberTableMissingException(this.table, ex);
		}
	}

	/**
	 * The row an exchange writes, bound as the first four parameters of its statement.
	 */
	private record MemberRecord(String instanceId, String nodeId, String beliefs, long validMillis) {

		void bind(PreparedStatement statement) throws SQLException {
			statement.setString(1, this.instanceId);
			statement.setString(2, this.nodeId);
			statement.setString(3, this.beliefs);
			statement.setLong(4, this.validMillis);
		}

	}

	/**
	 * The member table does not exist yet (a lease table made by earlier scripts).
	 */
	static final class MemberTableMissingException extends LeaderConfigurationException {

		private static final long serialVersionUID = 1L;

		MemberTableMissingException(String table, LeaseTableNotFoundException cause) {
			super("Table '" + table + "' is missing, so duplicate-leader detection is off: create it with "
					+ cause.getSchemaLocation().replace("schema-", "upgrade-3-")
					+ " (in the leader-core jar), as a new Flyway or Liquibase migration or by hand, or set "
					+ "leader.jdbc.initialize-schema=always; or turn detection off with leader.detect-conflicts=false");
			initCause(cause);
		}

	}

	/**
	 * The pause table does not exist yet (a lease table of layout 3).
	 */
	static final class PauseTableMissingException extends LeaderConfigurationException {

		private static final long serialVersionUID = 1L;

		PauseTableMissingException(String table, LeaseTableNotFoundException cause) {
			super("Table '" + table + "' is missing, so groups cannot be paused and the membership records are not "
					+ "exchanged: create it with " + cause.getSchemaLocation().replace("schema-", "upgrade-4-")
					+ " (in the leader-core jar), as a new Flyway or Liquibase migration or by hand, or set "
					+ "leader.jdbc.initialize-schema=always");
			initCause(cause);
		}

	}

}
