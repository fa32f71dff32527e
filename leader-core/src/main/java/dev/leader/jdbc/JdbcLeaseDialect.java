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

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.leader.LeaderConfigurationException;

/**
 * What differs between the supported databases: how to read the database clock, how to
 * learn the token an acquisition produced, and how to lock the lease row in shared mode.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum JdbcLeaseDialect {

	/**
	 * PostgreSQL: {@code clock_timestamp()}, which keeps moving inside a transaction
	 * (unlike {@code CURRENT_TIMESTAMP}), {@code RETURNING}, and {@code FOR SHARE}
	 * ({@code FOR KEY SHARE} for the fencing guard once the table has layout 2).
	 */
	POSTGRESQL("postgresql", "clock_timestamp()", "(%s + CAST(? AS DOUBLE PRECISION) * INTERVAL '1 millisecond')",
			" FOR SHARE") {

		@Override
		String acquire(String update) {
			return update + " RETURNING token";
		}

		@Override
		String returningGroups(String update) {
			return update + " RETURNING group_name";
		}

		@Override
		boolean returnsUpdatedGroups() {
			return true;
		}

		/**
		 * The release changes no key column, so on its own it would take
		 * {@code FOR NO KEY UPDATE} and pass guarded transactions
		 * ({@code FOR KEY SHARE}); the locking read makes it wait for them, as it always
		 * did, so that a guarded write never commits after its holder released the lease.
		 */
		@Override
		@Nullable String releaseAndNotify(String table, String release, String channel) {
			return "WITH locked AS (SELECT group_name FROM " + table
					+ " WHERE group_name = ? AND holder = ? AND token = ? FOR UPDATE), released AS (UPDATE " + table
					+ " SET holder = NULL, expires_at = " + now() + " FROM locked WHERE " + table
					+ ".group_name = locked.group_name RETURNING " + table + ".group_name) SELECT pg_notify('" + channel
					+ "', CAST(? AS VARCHAR) || '/' || group_name) FROM released";
		}

	},

	/**
	 * MySQL and MariaDB: UTC {@code DATETIME(6)} columns so that the session time zone
	 * never matters, {@code LAST_INSERT_ID(expr)} to hand the new token back on the same
	 * connection, and {@code LOCK IN SHARE MODE}.
	 */
	MYSQL("mysql", "UTC_TIMESTAMP(6)", "TIMESTAMPADD(MICROSECOND, ? * 1000, %s)", " LOCK IN SHARE MODE") {

		@Override
		String acquire(String update) {
			return update.replace("token = token + 1", "token = LAST_INSERT_ID(token + 1)");
		}

		@Override
		@Nullable String tokenAfterAcquire() {
			return "SELECT LAST_INSERT_ID()";
		}

		@Override
		@Nullable Instant instant(ResultSet resultSet, String column) throws SQLException {
			LocalDateTime value = resultSet.getObject(column, LocalDateTime.class);
			return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
		}

		@Override
		void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
			statement.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
		}

	},

	/**
	 * H2: {@code FINAL TABLE} to read the new token, and {@code FOR UPDATE} as H2 has no
	 * shared row locks.
	 */
	H2("h2", "CURRENT_TIMESTAMP", "DATEADD(MILLISECOND, CAST(? AS BIGINT), %s)", " FOR UPDATE") {

		@Override
		String acquire(String update) {
			return "SELECT token FROM FINAL TABLE (" + update + ")";
		}

		@Override
		String returningGroups(String update) {
			return "SELECT group_name FROM FINAL TABLE (" + update + ")";
		}

		@Override
		boolean returnsUpdatedGroups() {
			return true;
		}

	};

	private final String platform;

	private final String now;

	private final String plusMillis;

	private final String shareLock;

	JdbcLeaseDialect(String platform, String now, String plusMillis, String shareLock) {
		this.platform = platform;
		this.now = now;
		this.plusMillis = plusMillis;
		this.shareLock = shareLock;
	}

	/**
	 * The platform name used in the schema script name, {@code schema-<platform>.sql}.
	 * @return the platform name
	 */
	public String platform() {
		return this.platform;
	}

	/**
	 * The classpath location of this dialect's schema script, for Flyway, Liquibase or
	 * manual set-up.
	 * @return the script location
	 */
	public String schemaLocation() {
		return "classpath:dev/leader/jdbc/schema-" + this.platform + ".sql";
	}

	/**
	 * The classpath location of this dialect's script that upgrades a lease table of
	 * layout 1 (the first scripts) to the current layout, keeping its rows.
	 * @return the script location
	 */
	public String upgradeLocation() {
		return "classpath:dev/leader/jdbc/upgrade-2-" + this.platform + ".sql";
	}

	/**
	 * The classpath location of this dialect's script that adds the history table
	 * ({@code leader_lease_history}) and the member table of the duplicate-leader check
	 * ({@code leader_lease_member}) to a lease table of layout 2, keeping its rows.
	 * @return the script location
	 */
	public String historyUpgradeLocation() {
		return "classpath:dev/leader/jdbc/upgrade-3-" + this.platform + ".sql";
	}

	/**
	 * The classpath location of this dialect's script that adds the pause table
	 * ({@code leader_lease_pause}, the groups paused cluster-wide) to a lease table of
	 * layout 3, keeping its rows.
	 * @return the script location
	 * @since 0.1.0
	 */
	public String pauseUpgradeLocation() {
		return "classpath:dev/leader/jdbc/upgrade-4-" + this.platform + ".sql";
	}

	String now() {
		return this.now;
	}

	String nowPlusMillis() {
		return plusMillis(this.now);
	}

	/**
	 * A timestamp expression plus a number of milliseconds bound as the one parameter.
	 */
	String plusMillis(String timestamp) {
		return String.format(this.plusMillis, timestamp);
	}

	String shareLock() {
		return this.shareLock;
	}

	/**
	 * Turn the conditional acquisition {@code UPDATE} into a statement that yields the
	 * new token, or into one that leaves it for {@link #tokenAfterAcquire()}.
	 */
	abstract String acquire(String update);

	/**
	 * A query run on the same connection after a successful acquisition to read the new
	 * token, or {@code null} when the acquisition statement returns it.
	 */
	@Nullable String tokenAfterAcquire() {
		return null;
	}

	/**
	 * Turn an {@code UPDATE} of several rows into a query of the updated rows' group
	 * names, or leave it an update when the dialect cannot.
	 */
	String returningGroups(String update) {
		return update;
	}

	/**
	 * Whether {@link #returningGroups(String)} makes a query.
	 */
	boolean returnsUpdatedGroups() {
		return false;
	}

	/**
	 * A query that runs the release {@code UPDATE} of {@code table} (parameters group,
	 * holder, token) and, when it released the row, tells listening nodes on
	 * {@code channel} (payload: the table name bound as the fourth parameter, a slash,
	 * the group), or {@code null} when the dialect cannot notify.
	 */
	@Nullable String releaseAndNotify(String table, String release, String channel) {
		return null;
	}

	@Nullable Instant instant(ResultSet resultSet, String column) throws SQLException {
		OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * Bind an instant to a parameter of a timestamp column of this dialect's tables.
	 */
	void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
		statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
	}

	/**
	 * The dialect of a database.
	 * @param metaData the connection's metadata
	 * @return the dialect
	 * @throws SQLException when the metadata cannot be read
	 * @throws LeaderConfigurationException when the database is not supported
	 */
	public static JdbcLeaseDialect of(DatabaseMetaData metaData) throws SQLException {
		String product = metaData.getDatabaseProductName().toLowerCase(Locale.ROOT);
		if (product.contains("postgresql")) {
			return POSTGRESQL;
		}
		if (product.contains("mysql") || product.contains("mariadb")) {
			return MYSQL;
		}
		if (product.contains("h2")) {
			return H2;
		}
		throw new LeaderConfigurationException("Database '" + metaData.getDatabaseProductName()
				+ "' is not supported by the JDBC lease store: use PostgreSQL, MySQL, MariaDB or H2, "
				+ "or choose the ZooKeeper store");
	}

}
