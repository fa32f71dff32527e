package dev.leader.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.leader.Identifiers;
import dev.leader.LeaderStoreException;

/**
 * Creates the lease table from the dialect's shipped script
 * ({@code dev/leader/jdbc/schema-<platform>.sql}), under the configured table name, or
 * upgrades a table of an earlier layout with
 * {@code dev/leader/jdbc/upgrade-2-<platform>.sql} (keeping every row and token). The
 * scripts use {@code CREATE TABLE IF NOT EXISTS}, so running them again is harmless.
 *
 * @author leader-spring-boot-starter
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
			LeaseTableLayout layout = LeaseTableLayout.of(connection, tableName, dialect);
			if (layout == LeaseTableLayout.LAYOUT_2) {
				return dialect;
			}
			String location = (layout == LeaseTableLayout.MISSING) ? dialect.schemaLocation()
					: dialect.upgradeLocation();
			String script = read(location).replace(JdbcLeaseStore.DEFAULT_TABLE_NAME, tableName);
			try (Statement statement = connection.createStatement()) {
				statement.execute(withoutComments(script));
			}
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			return dialect;
		}
		catch (SQLException ex) {
			throw new LeaderStoreException(
					"Could not create or upgrade lease table '" + tableName + "': " + ex.getMessage(), ex);
		}
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

	static String withoutComments(String script) {
		return script.lines()
			.filter((line) -> !line.stripLeading().startsWith("--"))
			.reduce("", (a, b) -> a + b + "\n")
			.strip()
			.replaceAll(";$", "");
	}

}
