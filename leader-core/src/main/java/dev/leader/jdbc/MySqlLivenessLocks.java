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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderConfigurationException;

/**
 * Fast failover's locks on MariaDB and MySQL: user-level locks ({@code GET_LOCK}), which
 * end with the session that holds them.
 * <p>
 * An instance's liveness session holds two locks: the <em>instance lock</em>, on which
 * followers wait, and the <em>watch lock</em>, on which only the instance itself waits,
 * with a blocking {@code GET_LOCK} on a second connection of its own: it obtains it the
 * moment its liveness session ended, without a statement in flight on that session. The
 * liveness session stays idle, because the server notices the end of an idle client at
 * once (it is reading the socket) but that of a client whose statement runs only when the
 * statement ends or, for {@code SLEEP} and lock waits, at the server's next check of the
 * socket (MariaDB and MySQL look every few seconds: 3.7 s measured for a killed client
 * during a {@code SELECT SLEEP}); a {@code SLEEP} kept in flight would delay every crash
 * failover by that much. A round trip on the liveness session once a lease keeps it from
 * looking idle to the server for long.
 * <p>
 * Lock names are server-wide and at most 64 characters: a prefix and 128 bits of a
 * SHA-256 of the instance id. Waits are bounded ({@code GET_LOCK} with a whole number of
 * seconds, repeated): MariaDB refuses a negative timeout, which MySQL takes as infinite,
 * and returns at once for a very large one.
 *
 * @author leader-spring-boot-starter
 */
final class MySqlLivenessLocks implements LivenessLocks {

	static final MySqlLivenessLocks INSTANCE = new MySqlLivenessLocks();

	private static final Log logger = LogFactory.getLog(MySqlLivenessLocks.class);

	/** How long one {@code GET_LOCK} of a follower waits, in seconds. */
	static final int FOLLOWER_WAIT_SECONDS = 60;

	/** MySQL and MariaDB: unknown system variable. */
	private static final int UNKNOWN_VARIABLE = 1193;

	private MySqlLivenessLocks() {
	}

	/**
	 * The lock on which followers wait: {@code dev.leader.live.} and 32 hex digits.
	 */
	static String instanceLock(String instanceId) {
		return "dev.leader.live." + digest(instanceId);
	}

	/**
	 * The lock on which the instance itself waits for the end of its liveness session.
	 */
	static String watchLock(String instanceId) {
		return "dev.leader.self." + digest(instanceId);
	}

	private static String digest(String instanceId) {
		byte[] hash = PostgresLivenessLocks.sha256("dev.leader.liveness/" + instanceId);
		return HexFormat.of().formatHex(hash, 0, 16);
	}

	/**
	 * Refuse the proxies the database lets the node see: ProxySQL answers
	 * {@code select @@version_comment limit 1} itself with {@code (ProxySQL)}; a server
	 * version that names ProxySQL or MaxScale.
	 */
	@Override
	public void checkPath(Connection connection) throws SQLException {
		String version = connection.getMetaData().getDatabaseProductVersion();
		String comment;
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select @@version_comment limit 1")) {
			comment = result.next() ? String.valueOf(result.getString(1)) : "";
		}
		String seen = (version + " " + comment).toLowerCase(Locale.ROOT);
		for (String proxy : new String[] { "ProxySQL", "MaxScale" }) {
			if (seen.contains(proxy.toLowerCase(Locale.ROOT))) {
				throw new LeaderConfigurationException("leader.jdbc.fast-failover needs its sessions to reach the "
						+ "MariaDB/MySQL server directly, but " + proxy + " is in the path (server version '" + version
						+ "', version comment '" + comment + "'): a proxy decides on its own when a server session "
						+ "that holds a lock ends. Connect the liveness sessions to the server directly, or set "
						+ "leader.jdbc.fast-failover=false");
			}
		}
	}

	/**
	 * No server-side timeout may end the idle liveness session within two leases:
	 * {@code wait_timeout} (idle between statements; the node makes a round trip once a
	 * lease), {@code net_read_timeout} and {@code net_write_timeout} (a packet read or
	 * written halfway) of three leases; no statement or idle-transaction timeouts.
	 */
	@Override
	public void configure(Connection session, Duration leaseDuration) throws SQLException {
		long seconds = 3 * PostgresLivenessLocks.leaseSeconds(leaseDuration);
		try (Statement statement = session.createStatement()) {
			statement.execute("SET SESSION wait_timeout = " + seconds + ", net_read_timeout = " + seconds
					+ ", net_write_timeout = " + seconds);
		}
		setIfKnown(session, "idle_transaction_timeout", "idle_readonly_transaction_timeout",
				"idle_write_transaction_timeout");
		configureWaiting(session);
	}

	/**
	 * No statement timeout: {@code max_statement_time} (MariaDB) or
	 * {@code max_execution_time} (MySQL, for {@code SELECT}s) set on the server.
	 */
	@Override
	public void configureWaiting(Connection waiting) throws SQLException {
		setIfKnown(waiting, "max_statement_time", "max_execution_time");
	}

	/** Set each variable the server knows to 0. */
	private static void setIfKnown(Connection connection, String... variables) throws SQLException {
		for (String variable : variables) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET SESSION " + variable + " = 0");
			}
			catch (SQLException ex) {
				if (ex.getErrorCode() != UNKNOWN_VARIABLE) {
					throw ex;
				}
			}
		}
	}

	@Override
	public boolean holdOwn(Connection session, String instanceId) throws SQLException {
		return Boolean.TRUE.equals(getLock(session, instanceLock(instanceId), 0))
				&& Boolean.TRUE.equals(getLock(session, watchLock(instanceId), 0));
	}

	/**
	 * In separate statements: {@code CONNECTION_ID()} stays the same and both locks are
	 * held by it. A proxy that routes statements (read/write splitting, multiplexing) may
	 * run them in different server sessions.
	 */
	@Override
	public void requireOneSession(Connection session, String instanceId) throws SQLException {
		long id = queryLong(session, "SELECT CONNECTION_ID()");
		boolean held = holds(session, instanceId);
		if (!held || id != queryLong(session, "SELECT CONNECTION_ID()")) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover needs a connection that stays on one "
					+ "MariaDB/MySQL server session, but successive statements ran in different sessions: a proxy "
					+ "that routes statements (ProxySQL, MaxScale readwritesplit) is in the path. Connect the "
					+ "liveness sessions to the server directly, or set leader.jdbc.fast-failover=false");
		}
	}

	/** Whether this session holds both of the instance's locks. */
	private static boolean holds(Connection session, String instanceId) throws SQLException {
		try (Statement statement = session.createStatement();
				ResultSet result = statement.executeQuery("SELECT IS_USED_LOCK('" + instanceLock(instanceId)
						+ "') = CONNECTION_ID() AND IS_USED_LOCK('" + watchLock(instanceId) + "') = CONNECTION_ID()")) {
			return result.next() && result.getBoolean(1);
		}
	}

	/**
	 * Wait on a second connection for the watch lock, which it obtains once the liveness
	 * session ended; each time a bounded wait ends, a round trip on the liveness session
	 * proves it alive and holding its locks. A watcher that fails (killed by an
	 * administrator, its connection lost) is opened again once the liveness session is
	 * proven alive: only the end of the liveness session counts.
	 */
	@Override
	public void awaitLoss(Connection session, String instanceId, Duration leaseDuration, Watch watch)
			throws SQLException {
		int seconds = (int) Math.min(FOLLOWER_WAIT_SECONDS, PostgresLivenessLocks.leaseSeconds(leaseDuration));
		session.setNetworkTimeout(Runnable::run, 2 * seconds * 1000);
		String lock = watchLock(instanceId);
		Connection watcher = null;
		try {
			while (!watch.isClosed()) {
				if (watcher == null) {
					watcher = openWatcher(watch, seconds);
					if (watcher == null) {
						requireHeld(session, instanceId);
						watch.pause(Duration.ofSeconds(seconds));
						continue;
					}
				}
				Boolean obtained;
				try {
					obtained = getLock(watcher, lock, seconds);
				}
				catch (SQLException ex) {
					if (watch.isClosed()) {
						return;
					}
					logger.debug("The liveness watcher of instance " + instanceId + " failed: " + ex);
					LivenessSession.abort(watcher);
					watcher = null;
					obtained = null;
				}
				if (Boolean.TRUE.equals(obtained)) {
					throw new SQLException("the liveness session ended: its watch lock was released");
				}
				requireHeld(session, instanceId);
			}
		}
		finally {
			LivenessSession.abort(watcher);
		}
	}

	private static @Nullable Connection openWatcher(Watch watch, int seconds) throws SQLException {
		Connection watcher = null;
		try {
			watcher = watch.open();
			watcher.setAutoCommit(true);
			INSTANCE.configureWaiting(watcher);
			watcher.setNetworkTimeout(Runnable::run, 2 * seconds * 1000);
			return watcher;
		}
		catch (SQLException ex) {
			if (watch.isClosed()) {
				throw ex;
			}
			logger.debug("Could not open a liveness watcher: " + ex);
			LivenessSession.abort(watcher);
			return null;
		}
	}

	private static void requireHeld(Connection session, String instanceId) throws SQLException {
		if (!holds(session, instanceId)) {
			throw new SQLException("the liveness session no longer holds its locks");
		}
	}

	@Override
	public boolean isHeld(Connection waiting, String instanceId) throws SQLException {
		try (Statement statement = waiting.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT IS_USED_LOCK('" + instanceLock(instanceId) + "') IS NOT NULL")) {
			return result.next() && result.getBoolean(1);
		}
	}

	/**
	 * A {@code GET_LOCK} of {@value #FOLLOWER_WAIT_SECONDS} seconds.
	 * @throws SQLException when it returns {@code NULL} (killed, or an error)
	 */
	@Override
	public boolean lock(Connection waiting, String instanceId) throws SQLException {
		Boolean obtained = getLock(waiting, instanceLock(instanceId), FOLLOWER_WAIT_SECONDS);
		if (obtained == null) {
			throw new SQLException("GET_LOCK returned NULL (killed, or an error)");
		}
		return obtained;
	}

	@Override
	public void unlock(Connection waiting, String instanceId) throws SQLException {
		try (Statement statement = waiting.createStatement()) {
			statement.executeQuery("SELECT RELEASE_LOCK('" + instanceLock(instanceId) + "')").close();
		}
	}

	/**
	 * {@code GET_LOCK} with the name inline (it is made of letters, digits and dots), so
	 * that the process list shows which lock a session waits for.
	 * @return whether it was obtained, or {@code null} for {@code NULL}
	 */
	private static @Nullable Boolean getLock(Connection connection, String name, int seconds) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT GET_LOCK('" + name + "', " + seconds + ")")) {
			if (!result.next()) {
				return null;
			}
			int value = result.getInt(1);
			return result.wasNull() ? null : value == 1;
		}
	}

	private static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

}
