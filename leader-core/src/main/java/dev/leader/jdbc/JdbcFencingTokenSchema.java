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
import java.sql.Statement;

import javax.sql.DataSource;

import dev.leader.Identifiers;
import dev.leader.LeaderStoreException;

/**
 * Creates the table of a {@link JdbcFencingTokenRegistry} from the shipped script
 * ({@code dev/leader/jdbc/fencing-token-schema-<platform>.sql}, platform
 * {@code postgresql}, {@code mysql}, {@code mariadb} or {@code h2}) under the configured
 * name. The scripts use {@code CREATE TABLE IF NOT EXISTS}, so running them again is
 * harmless; copy them into a Flyway or Liquibase migration to manage the table yourself.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class JdbcFencingTokenSchema {

	private JdbcFencingTokenSchema() {
	}

	/**
	 * Create the table unless it exists.
	 * @param dataSource the database
	 * @param tableName the table name (validated as an SQL identifier)
	 * @return the dialect that was detected
	 */
	public static JdbcLeaseDialect create(DataSource dataSource, String tableName) {
		Identifiers.requireValidTableName(tableName);
		try (Connection connection = StoreConnections.unwrap(dataSource).getConnection()) {
			JdbcLeaseDialect dialect = JdbcLeaseDialect.of(connection.getMetaData());
			String script = script(dialect).replace(JdbcFencingTokenRegistry.DEFAULT_TABLE_NAME, tableName);
			try (Statement statement = connection.createStatement()) {
				statement.execute(JdbcLeaseSchema.withoutComments(script));
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			return dialect;
		}
		catch (SQLException ex) {
			throw new LeaderStoreException(
					"Could not create fencing-token table '" + tableName + "': " + ex.getMessage(), ex);
		}
	}

	/**
	 * The classpath location of a dialect's script.
	 * @param dialect the dialect
	 * @return the location, creating table {@code leader_fencing_token}
	 */
	public static String location(JdbcLeaseDialect dialect) {
		return "classpath:dev/leader/jdbc/fencing-token-schema-" + dialect.platform() + ".sql";
	}

	/**
	 * The shipped script of a dialect.
	 * @param dialect the dialect
	 * @return the script text, creating table {@code leader_fencing_token}
	 */
	public static String script(JdbcLeaseDialect dialect) {
		return JdbcLeaseSchema.read(location(dialect));
	}

}
