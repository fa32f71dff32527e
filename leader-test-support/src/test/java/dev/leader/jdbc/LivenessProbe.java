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

import javax.sql.DataSource;

/**
 * What the fast-failover tests see of the liveness locks in the server's own views, and
 * how an administrator ends a session: PostgreSQL's {@code pg_locks} and
 * {@code pg_terminate_backend}, MariaDB's {@code IS_USED_LOCK}, process list and
 * {@code KILL}.
 */
enum LivenessProbe {

	POSTGRESQL("pg_terminate_backend") {

		@Override
		long holder(Connection connection, String instanceId) throws SQLException {
			return queryLong(connection,
					"SELECT COALESCE(MAX(pid), 0) FROM pg_locks WHERE " + LOCK_OF_KEY + " AND granted",
					PostgresLivenessLocks.key(instanceId));
		}

		@Override
		long waiting(Connection connection, String instanceId) throws SQLException {
			return queryLong(connection, "SELECT COUNT(*) FROM pg_locks WHERE " + LOCK_OF_KEY + " AND NOT granted",
					PostgresLivenessLocks.key(instanceId));
		}

		@Override
		void terminate(Connection connection, long session) throws SQLException {
			queryLong(connection, "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(CAST(? AS INT))) terminated",
					session);
		}

	},

	MARIADB("KILL") {

		@Override
		long holder(Connection connection, String instanceId) throws SQLException {
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("SELECT COALESCE(IS_USED_LOCK('"
							+ MySqlLivenessLocks.instanceLock(instanceId) + "'), 0)")) {
				result.next();
				return result.getLong(1);
			}
		}

		/** The sessions whose statement is a {@code GET_LOCK} of the instance lock. */
		@Override
		long waiting(Connection connection, String instanceId) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE ? AND ID <> CONNECTION_ID()")) {
				statement.setString(1, "SELECT GET_LOCK('" + MySqlLivenessLocks.instanceLock(instanceId) + "'%");
				try (ResultSet result = statement.executeQuery()) {
					result.next();
					return result.getLong(1);
				}
			}
		}

		@Override
		void terminate(Connection connection, long session) throws SQLException {
			try (Statement statement = connection.createStatement()) {
				statement.execute("KILL " + session);
			}
		}

	};

	private static final String LOCK_OF_KEY = "locktype = 'advisory' AND objsubid = 1 AND "
			+ "((CAST(classid AS BIGINT) << 32) | CAST(objid AS BIGINT)) = ?";

	private final String terminateName;

	LivenessProbe(String terminateName) {
		this.terminateName = terminateName;
	}

	/** How an administrator ends a session, for messages. */
	String terminateName() {
		return this.terminateName;
	}

	/** The server's id of the session that holds an instance's lock, 0 when none. */
	abstract long holder(Connection connection, String instanceId) throws SQLException;

	/** How many sessions wait for an instance's lock. */
	abstract long waiting(Connection connection, String instanceId) throws SQLException;

	/** End a session as an administrator would. */
	abstract void terminate(Connection connection, long session) throws SQLException;

	/** Whether a session holds the liveness lock of an instance. */
	boolean isHeld(DataSource dataSource, String instanceId) {
		return query(dataSource, (connection) -> holder(connection, instanceId)) != 0;
	}

	/** Whether a session waits for the liveness lock of an instance. */
	boolean isWaitedOn(DataSource dataSource, String instanceId) {
		return query(dataSource, (connection) -> waiting(connection, instanceId)) > 0;
	}

	/** The session that holds the liveness lock of an instance, which must be held. */
	long livenessSession(DataSource dataSource, String instanceId) {
		long session = query(dataSource, (connection) -> holder(connection, instanceId));
		if (session == 0) {
			throw new IllegalStateException("the liveness lock of " + instanceId + " is not held");
		}
		return session;
	}

	/** End a session as an administrator would. */
	void terminate(DataSource dataSource, long session) {
		query(dataSource, (connection) -> {
			terminate(connection, session);
			return 0L;
		});
	}

	private static long query(DataSource dataSource, SqlQuery query) {
		try (Connection connection = dataSource.getConnection()) {
			return query.run(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long queryLong(Connection connection, String sql, long parameter) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	@FunctionalInterface
	private interface SqlQuery {

		long run(Connection connection) throws SQLException;

	}

}
