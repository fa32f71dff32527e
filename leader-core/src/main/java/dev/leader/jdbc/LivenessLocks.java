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
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import dev.leader.LeaderConfigurationException;

/**
 * The database's side of fast failover: the session-level lock named after an instance,
 * the settings of a liveness session, how a leader learns that its own session ended and
 * how a follower waits for another's to end, and the start-up checks. One implementation
 * per database ({@link PostgresLivenessLocks}, {@link MySqlLivenessLocks}); the rules
 * that hold for every database (a lock proves the end of a session only once it was seen
 * held; a lost session is never reopened; the grace; the conditional takeover) are in
 * {@link LivenessSession}, {@link InstanceWaiter} and {@link SessionLiveness}.
 *
 * @author leader-spring-boot-starter
 */
interface LivenessLocks {

	/**
	 * The locks of the database a connection reaches.
	 * @param connection a connection of the fast-failover sessions
	 * @return the database's locks
	 * @throws LeaderConfigurationException for a database without them (H2)
	 */
	static LivenessLocks of(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			if (!PostgresNotifications.isSupported(connection)) {
				throw new LeaderConfigurationException(
						"leader.jdbc.fast-failover needs the PostgreSQL JDBC driver (org.postgresql) on PostgreSQL");
			}
			return PostgresLivenessLocks.INSTANCE;
		}
		if (name.contains("mysql") || name.contains("mariadb")) {
			return MySqlLivenessLocks.INSTANCE;
		}
		throw new LeaderConfigurationException("leader.jdbc.fast-failover supports PostgreSQL and MariaDB/MySQL, but "
				+ "the lease store's database is " + product + ": set leader.jdbc.fast-failover=false (leases are "
				+ "then taken over when they expire)");
	}

	/**
	 * Refuse a path to the database on which session locks mean nothing or cannot be
	 * trusted (a pooling or routing proxy that the database lets the node see).
	 * @param connection a connection of the fast-failover sessions
	 * @throws LeaderConfigurationException when such a proxy is seen
	 */
	void checkPath(Connection connection) throws SQLException;

	/**
	 * Keep the server from ending a live but silent liveness session (a partitioned or
	 * paused node) within two leases.
	 * @param session the liveness session
	 * @param leaseDuration the lease duration
	 */
	void configure(Connection session, Duration leaseDuration) throws SQLException;

	/**
	 * Take an instance's own lock (or locks) on its liveness session, without waiting.
	 * @param session the liveness session
	 * @param instanceId the instance
	 * @return whether they were free and are now held by this session
	 */
	boolean holdOwn(Connection session, String instanceId) throws SQLException;

	/**
	 * Check that the statements of the session reach one server session that holds the
	 * instance's lock: a proxy may run each statement elsewhere.
	 * @param session the liveness session, holding its own lock
	 * @param instanceId the instance
	 * @throws LeaderConfigurationException when they do not
	 */
	void requireOneSession(Connection session, String instanceId) throws SQLException;

	/**
	 * Wait, without polling where the database allows it, until the liveness session ends
	 * (then throw) or the watch is closed (then return).
	 * @param session the liveness session, holding its own lock
	 * @param instanceId the instance
	 * @param leaseDuration the lease duration
	 * @param watch what the wait may use
	 * @throws SQLException once the session is lost
	 */
	void awaitLoss(Connection session, String instanceId, Duration leaseDuration, Watch watch) throws SQLException;

	/**
	 * Set up a follower's waiting session: no statement or lock timeout ends its wait.
	 * @param waiting the waiting session
	 */
	void configureWaiting(Connection waiting) throws SQLException;

	/**
	 * Whether another session holds an instance's lock now, without taking it: only the
	 * instance's own session takes it, and a follower only after it saw it held and then
	 * obtained it, so that obtaining a lock seen held proves the instance's session
	 * ended.
	 * @param waiting the waiting session
	 * @param instanceId the instance
	 * @return whether the lock is held
	 */
	boolean isHeld(Connection waiting, String instanceId) throws SQLException;

	/**
	 * Wait for an instance's lock, at most for a bounded time on databases whose waits
	 * must be bounded.
	 * @param waiting the waiting session
	 * @param instanceId the instance
	 * @return {@code true} once obtained, {@code false} when the bounded wait ended first
	 */
	boolean lock(Connection waiting, String instanceId) throws SQLException;

	/**
	 * Release an instance's lock obtained with {@link #lock}.
	 * @param waiting the waiting session
	 * @param instanceId the instance
	 */
	void unlock(Connection waiting, String instanceId) throws SQLException;

	/**
	 * What a wait for the loss of a liveness session may use.
	 */
	interface Watch {

		/**
		 * Whether the session was closed on purpose: the wait then returns.
		 * @return whether it was closed
		 */
		boolean isClosed();

		/**
		 * Open another dedicated connection, aborted when the session is closed.
		 * @return the connection
		 * @throws SQLException when it cannot be opened, or the session was closed
		 */
		Connection open() throws SQLException;

		/**
		 * Pause between attempts.
		 * @param pause how long
		 * @return {@code false} when the session was closed meanwhile
		 */
		boolean pause(Duration pause);

	}

}
