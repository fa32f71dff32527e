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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import dev.leader.Identifiers;
import dev.leader.LeaderStoreException;

/**
 * Creates the lease table and its history table ({@code leader_lease_history} (the lease
 * table's name with {@code _history})) from the dialect's shipped script
 * ({@code dev/leader/jdbc/schema-<platform>.sql}), under the configured table name, or
 * upgrades a table of an earlier layout with
 * {@code dev/leader/jdbc/upgrade-2-<platform>.sql} (layout 1 to 2) and
 * {@code dev/leader/jdbc/upgrade-3-<platform>.sql} (layout 2 to 3: the history table) and
 * {@code dev/leader/jdbc/upgrade-4-<platform>.sql} (layout 3 to 4: the pause table),
 * keeping every row and token. The scripts use {@code CREATE TABLE IF NOT EXISTS}, so
 * running them again is harmless.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class JdbcLeaseSchema {

	private JdbcLeaseSchema() {
	}

	/**
	 * Create the lease table unless it exists, and upgrade it when it has the layout of
	 * earlier scripts.
	 * @param dataSource the database
	 * @param tableName the table name (validated as an SQL identifier)
	 * @return the dialect that was detected
	 */
	public static JdbcLeaseDialect create(DataSource dataSource, String tableName) {
		Identifiers.requireValidTableName(tableName);
		try (Connection connection = StoreConnections.unwrap(dataSource).getConnection()) {
			JdbcLeaseDialect dialect = JdbcLeaseDialect.of(connection.getMetaData());
			for (String location : pendingScripts(connection, tableName, dialect)) {
				try (Statement statement = connection.createStatement()) {
					for (String sql : statements(forTable(read(location), tableName))) {
						statement.execute(sql);
					}
				}
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
			}
			return dialect;
		}
		catch (SQLException ex) {
			throw new LeaderStoreException(
					"Could not create or upgrade lease table '" + tableName + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * The shipped script that brings the lease table to the current layout, for script
	 * runners of its own (such as Spring Boot's database initializers).
	 * @param dataSource the database
	 * @param tableName the table name (validated as an SQL identifier)
	 * @return the location of the schema script when the table is missing, of the upgrade
	 * script when it has an earlier layout; empty when it has the current one
	 */
	public static Optional<String> pendingScript(DataSource dataSource, String tableName) {
		return pendingScripts(dataSource, tableName).stream().findFirst();
	}

	/**
	 * The shipped scripts that bring the lease table to the current layout, in the order
	 * to run them, for script runners of their own (such as Spring Boot's database
	 * initializers).
	 * @param dataSource the database
	 * @param tableName the table name (validated as an SQL identifier)
	 * @return the schema script when the table is missing; the upgrade scripts it needs
	 * when it has an earlier layout; nothing when it has the current one
	 * @since 0.1.0
	 */
	public static List<String> pendingScripts(DataSource dataSource, String tableName) {
		Identifiers.requireValidTableName(tableName);
		try (Connection connection = StoreConnections.unwrap(dataSource).getConnection()) {
			return pendingScripts(connection, tableName, JdbcLeaseDialect.of(connection.getMetaData()));
		}
		catch (SQLException ex) {
			throw new LeaderStoreException(
					"Could not read the layout of lease table '" + tableName + "': " + ex.getMessage(), ex);
		}
	}

	private static List<String> pendingScripts(Connection connection, String tableName, JdbcLeaseDialect dialect)
			throws SQLException {
		String history = dialect.historyUpgradeLocation();
		String pause = dialect.pauseUpgradeLocation();
		return switch (LeaseTableLayout.of(connection, tableName, dialect)) {
			case MISSING -> List.of(dialect.schemaLocation());
			case LAYOUT_1 -> List.of(dialect.upgradeLocation(), history, pause);
			case LAYOUT_2 -> {
				List<String> scripts = new ArrayList<>();
				if (!LeaseTableLayout.exists(connection, HistoryStatements.historyOf(tableName), dialect)
						|| !LeaseTableLayout.exists(connection, JdbcBeliefBoard.memberTable(tableName), dialect)) {
					scripts.add(history);
				}
				if (!LeaseTableLayout.exists(connection, JdbcBeliefBoard.pauseTable(tableName), dialect)) {
					scripts.add(pause);
				}
				yield List.copyOf(scripts);
			}
		};
	}

	/**
	 * A shipped script (which names table {@code leader_lease}) for another table name.
	 * @param script the script text
	 * @param tableName the table name (validated as an SQL identifier)
	 * @return the script for that table
	 */
	public static String forTable(String script, String tableName) {
		return script.replace(JdbcLeaseStore.DEFAULT_TABLE_NAME, Identifiers.requireValidTableName(tableName));
	}

	/**
	 * The shipped schema script of a dialect.
	 * @param dialect the dialect
	 * @return the script text, creating table {@code leader_lease}
	 */
	public static String script(JdbcLeaseDialect dialect) {
		return read(dialect.schemaLocation());
	}

	/**
	 * The shipped script of a dialect that upgrades a table of layout 1 (the first
	 * scripts) to the current layout.
	 * @param dialect the dialect
	 * @return the script text, upgrading table {@code leader_lease}
	 */
	public static String upgradeScript(JdbcLeaseDialect dialect) {
		return read(dialect.upgradeLocation());
	}

	static String read(String location) {
		String resource = location.substring("classpath:".length());
		try (InputStream in = JdbcLeaseSchema.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Schema script " + resource + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + resource, ex);
		}
	}

	/**
	 * The shipped script of a dialect that adds the history table to a lease table of
	 * layout 2.
	 * @param dialect the dialect
	 * @return the script text, for table {@code leader_lease}
	 * @since 0.1.0
	 */
	public static String historyUpgradeScript(JdbcLeaseDialect dialect) {
		return read(dialect.historyUpgradeLocation());
	}

	/**
	 * The shipped script of a dialect that adds the pause table to a lease table of
	 * layout 3.
	 * @param dialect the dialect
	 * @return the script text, for table {@code leader_lease}
	 * @since 0.1.0
	 */
	public static String pauseUpgradeScript(JdbcLeaseDialect dialect) {
		return read(dialect.pauseUpgradeLocation());
	}

	static String withoutComments(String script) {
		return script.lines()
			.filter((line) -> !line.stripLeading().startsWith("--"))
			.reduce("", (a, b) -> a + b + "\n")
			.strip()
			.replaceAll(";$", "");
	}

	/**
	 * The statements of a script, without comments; statements end with {@code ;} at the
	 * end of a line.
	 */
	static List<String> statements(String script) {
		List<String> statements = new ArrayList<>();
		for (String statement : withoutComments(script).split(";\\s*\\n")) {
			if (!statement.isBlank()) {
				statements.add(statement.strip());
			}
		}
		return statements;
	}

}
