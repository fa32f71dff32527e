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
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The layout of an existing lease table, read from the database's catalog.
 * <ul>
 * <li>{@link #LAYOUT_1}: the first scripts' table ({@code holder VARCHAR(128)}).</li>
 * <li>{@link #LAYOUT_2}: {@code holder VARCHAR(160)}, wide enough for an instance id; on
 * PostgreSQL a unique key on {@code (group_name, token)}, so that a change of token needs
 * a lock that the fencing guard's {@code FOR KEY SHARE} blocks while a renewal does not;
 * on MySQL and MariaDB binary (case-sensitive) {@code group_name} and
 * {@code holder}.</li>
 * </ul>
 * Layouts 3 (the history and member tables) and 4 (the pause table) add companion tables
 * named after the lease table and keep the lease table of layout 2;
 * {@link JdbcLeaseSchema} looks for them.
 *
 * @author leader-spring-boot-starter
 */
enum LeaseTableLayout {

	/** No such table. */
	MISSING,

	/** The layout of the first scripts. */
	LAYOUT_1,

	/** The current layout. */
	LAYOUT_2;

	/** The width of the holder column from layout 2 on. */
	static final int HOLDER_LENGTH = 160;

	/**
	 * The layout of a table.
	 * @param connection a connection to its database
	 * @param table the table name, optionally qualified by a schema
	 * @param dialect the database's dialect
	 * @return the layout, {@link #MISSING} when there is no such table
	 * @throws SQLException when the catalog cannot be read
	 */
	static LeaseTableLayout of(Connection connection, String table, JdbcLeaseDialect dialect) throws SQLException {
		int dot = table.indexOf('.');
		String schema = (dot >= 0) ? table.substring(0, dot) : null;
		String name = (dot >= 0) ? table.substring(dot + 1) : table;
		return switch (dialect) {
			case POSTGRESQL -> postgresql(connection, table);
			case MYSQL -> mysql(connection, schema, name);
			case H2 -> h2(connection, schema, name);
		};
	}

	/**
	 * Whether a table exists (the history or member table of a lease table).
	 * @param connection a connection to its database
	 * @param table the table name, optionally qualified by a schema
	 * @param dialect the database's dialect
	 * @return whether it exists
	 * @throws SQLException when the catalog cannot be read
	 */
	static boolean exists(Connection connection, String table, JdbcLeaseDialect dialect) throws SQLException {
		int dot = table.indexOf('.');
		String schema = (dot >= 0) ? table.substring(0, dot) : null;
		String name = (dot >= 0) ? table.substring(dot + 1) : table;
		if (dialect == JdbcLeaseDialect.POSTGRESQL) {
			// to_regclass resolves the name as the statements do (search_path, case
			// folding).
			return queryInt(connection, "SELECT 1 WHERE to_regclass(?) IS NOT NULL", table) != null;
		}
		boolean h2 = dialect == JdbcLeaseDialect.H2;
		String sql = h2
				? "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = COALESCE(?, SCHEMA())"
						+ " AND TABLE_NAME = ?"
				: "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?";
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			// H2 stores unquoted identifiers upper case.
			statement.setString(1, (schema != null && h2) ? schema.toUpperCase(Locale.ROOT) : schema);
			statement.setString(2, h2 ? name.toUpperCase(Locale.ROOT) : name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	private static LeaseTableLayout postgresql(Connection connection, String table) throws SQLException {
		// to_regclass resolves the name as the statements do (search_path, case folding).
		String holder = "SELECT a.atttypmod - 4 FROM pg_attribute a WHERE a.attrelid = to_regclass(?)"
				+ " AND a.attname = 'holder' AND NOT a.attisdropped";
		Integer length = queryInt(connection, holder, table);
		if (length == null) {
			return MISSING;
		}
		String tokenKey = "SELECT COUNT(*) FROM pg_index i WHERE i.indrelid = to_regclass(?) AND i.indisunique"
				+ " AND i.indimmediate AND i.indpred IS NULL AND i.indexprs IS NULL AND i.indnkeyatts = 2"
				+ " AND (SELECT array_agg(CAST(a.attname AS TEXT) ORDER BY a.attname) FROM pg_attribute a"
				+ " WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) = ARRAY['group_name', 'token']";
		Integer keys = queryInt(connection, tokenKey, table);
		return (length >= HOLDER_LENGTH && keys != null && keys > 0) ? LAYOUT_2 : LAYOUT_1;
	}

	private static LeaseTableLayout mysql(Connection connection, @Nullable String schema, String name)
			throws SQLException {
		String columns = "SELECT COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH, COLLATION_NAME FROM information_schema.COLUMNS"
				+ " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?"
				+ " AND COLUMN_NAME IN ('group_name', 'holder')";
		try (PreparedStatement statement = connection.prepareStatement(columns)) {
			statement.setString(1, schema);
			statement.setString(2, name);
			boolean found = false;
			boolean current = true;
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					found = true;
					String column = result.getString(1).toLowerCase(Locale.ROOT);
					String collation = result.getString(3);
					boolean binary = collation != null && collation.toLowerCase(Locale.ROOT).endsWith("_bin");
					current &= binary && (!column.equals("holder") || result.getLong(2) >= HOLDER_LENGTH);
				}
			}
			return !found ? MISSING : current ? LAYOUT_2 : LAYOUT_1;
		}
	}

	private static LeaseTableLayout h2(Connection connection, @Nullable String schema, String name)
			throws SQLException {
		String holder = "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS"
				+ " WHERE TABLE_SCHEMA = COALESCE(?, SCHEMA()) AND TABLE_NAME = ? AND COLUMN_NAME = 'HOLDER'";
		try (PreparedStatement statement = connection.prepareStatement(holder)) {
			// Unquoted identifiers are stored upper case.
			statement.setString(1, (schema != null) ? schema.toUpperCase(Locale.ROOT) : null);
			statement.setString(2, name.toUpperCase(Locale.ROOT));
			try (ResultSet result = statement.executeQuery()) {
				if (!result.next()) {
					return MISSING;
				}
				return (result.getLong(1) >= HOLDER_LENGTH) ? LAYOUT_2 : LAYOUT_1;
			}
		}
	}

	private static @Nullable Integer queryInt(Connection connection, String sql, String parameter) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() ? result.getInt(1) : null;
			}
		}
	}

}
