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

import dev.leader.LeaderConfigurationException;

/**
 * Fast failover's locks on PostgreSQL: a session-level advisory lock whose key is derived
 * from the instance id; the liveness session {@code LISTEN}s, so that the driver throws
 * as soon as the server closes it; TCP keepalives and user timeout of at least two
 * leases, no idle or statement timeouts; a check that no pooling proxy in transaction
 * mode runs the statements in different server sessions.
 *
 * @author leader-spring-boot-starter
 */
final class PostgresLivenessLocks implements LivenessLocks {

	static final PostgresLivenessLocks INSTANCE = new PostgresLivenessLocks();

	/** The channel the liveness session listens on, so that its loss is pushed. */
	static final String CHANNEL = "dev_leader_liveness";

	private static final String LOCK_OF_KEY = "locktype = 'advisory' AND granted AND objsubid = 1 AND "
			+ "((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = ?";

	private PostgresLivenessLocks() {
	}

	/**
	 * The advisory lock key of an instance: the first 64 bits of a SHA-256 of its id.
	 */
	static long key(String instanceId) {
		byte[] hash = sha256("dev.leader.liveness/" + instanceId);
		long key = 0;
		for (int i = 0; i < 8; i++) {
			key = (key << 8) | (hash[i] & 0xff);
		}
		return key;
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing", ex);
		}
	}

	@Override
	public void checkPath(Connection connection) {
		// A pooling proxy shows in requireOneSession.
	}

	/**
	 * TCP keepalives and user timeout of at least three leases, no idle or statement
	 * timeouts.
	 */
	@Override
	public void configure(Connection connection, Duration leaseDuration) throws SQLException {
		long leaseSeconds = leaseSeconds(leaseDuration);
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

	/** The lease duration in whole seconds, rounded up, at least one. */
	static long leaseSeconds(Duration leaseDuration) {
		return Math.max(1, (leaseDuration.toMillis() + 999) / 1000);
	}

	@Override
	public boolean holdOwn(Connection session, String instanceId) throws SQLException {
		return queryBoolean(session, "SELECT pg_try_advisory_lock(?)", key(instanceId));
	}

	/**
	 * A probe lock, in separate statements: {@code pg_backend_pid()} stays the same and
	 * {@code pg_locks} shows the lock held by that session. A pooling proxy in
	 * transaction mode (PgBouncer) may run each on another one.
	 */
	@Override
	public void requireOneSession(Connection connection, String instanceId) throws SQLException {
		long pid = queryLong(connection, "SELECT pg_backend_pid()");
		boolean held = queryBoolean(connection,
				"SELECT COUNT(*) = 1 FROM pg_locks WHERE " + LOCK_OF_KEY + " AND pid = pg_backend_pid()",
				key(instanceId));
		if (!held || pid != queryLong(connection, "SELECT pg_backend_pid()")) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover needs a connection that stays on one "
					+ "PostgreSQL session, but successive statements ran in different sessions: a pooling proxy "
					+ "in transaction mode (PgBouncer pool_mode=transaction) is in the path. Connect the "
					+ "liveness sessions to PostgreSQL directly (or through session pooling), or set "
					+ "leader.jdbc.fast-failover=false");
		}
	}

	/**
	 * {@code LISTEN}, then wait for notifications: the driver throws as soon as the
	 * server closes the session. Once a lease, a round trip proves a silent connection
	 * alive.
	 */
	@Override
	public void awaitLoss(Connection session, String instanceId, Duration leaseDuration, Watch watch)
			throws SQLException {
		try (Statement statement = session.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		long checkNanos = leaseDuration.toNanos();
		int checkSeconds = (int) Math.max(1, leaseDuration.toSeconds());
		int pollMillis = (int) Math.max(1, Math.min(1000, leaseDuration.toMillis() / 2));
		long checked = System.nanoTime();
		while (!watch.isClosed()) {
			PostgresNotifications.poll(session, pollMillis);
			if (System.nanoTime() - checked > checkNanos) {
				if (!session.isValid(checkSeconds)) {
					throw new SQLException("the liveness session no longer answers");
				}
				checked = System.nanoTime();
			}
		}
	}

	@Override
	public void configureWaiting(Connection waiting) throws SQLException {
		try (Statement statement = waiting.createStatement()) {
			statement.execute("SET statement_timeout = 0");
			statement.execute("SET lock_timeout = 0");
		}
	}

	/**
	 * Read from {@code pg_locks}: a try-lock would take a free lock for a moment, which
	 * another follower could see held and then obtain, "proving" the end of an instance
	 * that never held it (a leader without fast failover).
	 */
	@Override
	public boolean isHeld(Connection waiting, String instanceId) throws SQLException {
		return queryBoolean(waiting, "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE " + LOCK_OF_KEY + ")",
				key(instanceId));
	}

	/**
	 * Wait with a blocking {@code pg_advisory_lock}, which costs no statement while it
	 * waits, for as long as it takes (closing the waiter aborts the connection).
	 */
	@Override
	public boolean lock(Connection waiting, String instanceId) throws SQLException {
		try (PreparedStatement statement = waiting.prepareStatement("SELECT pg_advisory_lock(?)")) {
			statement.setLong(1, key(instanceId));
			statement.executeQuery().close();
		}
		return true;
	}

	@Override
	public void unlock(Connection waiting, String instanceId) throws SQLException {
		queryBoolean(waiting, "SELECT pg_advisory_unlock(?)", key(instanceId));
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
