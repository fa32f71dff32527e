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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;

import dev.leader.LeaderConfigurationException;

/**
 * The SQL of fast failover on PostgreSQL: the advisory lock named after an instance, the
 * settings of a liveness session, and the start-up checks (PostgreSQL, no pooling proxy
 * between node and server).
 *
 * @author leader-spring-boot-starter
 */
final class LivenessLocks {

	/** The channel the liveness session listens on, so that its loss is pushed. */
	static final String CHANNEL = "dev_leader_liveness";

	private LivenessLocks() {
	}

	/**
	 * The advisory lock key of an instance: the first 64 bits of a SHA-256 of its id.
	 */
	static long key(String instanceId) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256")
				.digest(("dev.leader.liveness/" + instanceId).getBytes(StandardCharsets.UTF_8));
			long key = 0;
			for (int i = 0; i < 8; i++) {
				key = (key << 8) | (hash[i] & 0xff);
			}
			return key;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

	/**
	 * Refuse a database other than PostgreSQL.
	 */
	static void requirePostgresql(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		if (!product.toLowerCase(Locale.ROOT).contains("postgresql")) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover supports PostgreSQL only, but the "
					+ "lease store's database is " + product + ": set leader.jdbc.fast-failover=false (leases are "
					+ "then taken over when they expire)");
		}
	}

	/**
	 * Keep the server from ending a live but silent session (a partitioned or paused
	 * node) before its leases expired: TCP keepalives and user timeout of at least three
	 * leases, no idle or statement timeouts.
	 */
	static void configure(Connection connection, Duration leaseDuration) throws SQLException {
		long leaseSeconds = Math.max(1, (leaseDuration.toMillis() + 999) / 1000);
		try (Statement statement = connection.createStatement()) {
			statement.execute("SET tcp_keepalives_idle = " + (2 * leaseSeconds));
			statement.execute("SET tcp_keepalives_interval = " + Math.max(1, (leaseSeconds + 1) / 2));
			statement.execute("SET tcp_keepalives_count = 2");
			statement.execute("SET tcp_user_timeout = " + (3 * leaseSeconds * 1000));
			statement.execute("SET statement_timeout = 0");
			statement.execute("SET idle_in_transaction_session_timeout = 0");
		}
		try (Statement statement = connection.createStatement()) {
			// PostgreSQL 14 and later.
			statement.execute("SET idle_session_timeout = 0");
		}
		catch (SQLException ex) {
			if (!"42704".equals(ex.getSQLState())) {
				throw ex;
			}
		}
	}

	/**
	 * Take the instance's lock without waiting.
	 * @return whether it was free (and is now held by this session)
	 */
	static boolean tryLock(Connection connection, long key) throws SQLException {
		return queryBoolean(connection, "SELECT pg_try_advisory_lock(?)", key);
	}

	/**
	 * Take the instance's lock, waiting for as long as another session holds it.
	 */
	static void lock(Connection connection, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
			statement.setLong(1, key);
			statement.executeQuery().close();
		}
	}

	static void unlock(Connection connection, long key) throws SQLException {
		queryBoolean(connection, "SELECT pg_advisory_unlock(?)", key);
	}

	/**
	 * Check that the statements of this connection reach one server session: a pooling
	 * proxy in transaction mode (PgBouncer) may run each on another one, where the lock
	 * would not be held by the session that seems to hold it.
	 * @throws LeaderConfigurationException when they do not
	 */
	static void requireOneSession(Connection connection, long key) throws SQLException {
		long pid = queryLong(connection, "SELECT pg_backend_pid()");
		boolean held = queryBoolean(connection,
				"SELECT COUNT(*) = 1 FROM pg_locks WHERE locktype = 'advisory' "
						+ "AND granted AND objsubid = 1 AND pid = pg_backend_pid() AND "
						+ "((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = ?",
				key);
		if (!held || pid != queryLong(connection, "SELECT pg_backend_pid()")) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover needs a connection that stays on one "
					+ "PostgreSQL session, but successive statements ran in different sessions: a pooling proxy "
					+ "in transaction mode (PgBouncer pool_mode=transaction) is in the path. Connect the "
					+ "liveness sessions to PostgreSQL directly (or through session pooling), or set "
					+ "leader.jdbc.fast-failover=false");
		}
	}

	private static boolean queryBoolean(Connection connection, String sql, long key) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getBoolean(1);
			}
		}
	}

	private static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

}
