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

package dev.leader.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.assertj.core.api.Assertions;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the stores are proven against. PostgreSQL and MariaDB are the local
 * servers of the project's machines; when one is missing its tests are skipped with a
 * message that names it, unless {@code -Dleader.test.require-databases=true} (as in
 * {@code .ci/run}) turns that into a failure.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public enum TestDatabase {

	/** PostgreSQL at 127.0.0.1:5432, user {@code postgres}, database {@code test}. */
	POSTGRESQL("PostgreSQL", "127.0.0.1", 5432, "jdbc:postgresql://%s:%d/test", "postgres", ""),

	/** MariaDB (or MySQL) at 127.0.0.1:3306, user {@code root}, database {@code test}. */
	MARIADB("MariaDB", "127.0.0.1", 3306, "jdbc:mariadb://%s:%d/test", "root", ""),

	/** H2 in memory: always available. */
	H2("H2", null, 0, null, "sa", "");

	private final String displayName;

	private final @Nullable String host;

	private final int port;

	private final @Nullable String urlTemplate;

	private final String user;

	private final String password;

	TestDatabase(String displayName, @Nullable String host, int port, @Nullable String urlTemplate, String user,
			String password) {
		this.displayName = displayName;
		this.host = host;
		this.port = port;
		this.urlTemplate = urlTemplate;
		this.user = user;
		this.password = password;
	}

	/**
	 * The database's name for people, such as {@code PostgreSQL}.
	 * @return the name
	 */
	public String displayName() {
		return this.displayName;
	}

	/**
	 * Whether the database is a server (PostgreSQL, MariaDB) rather than in memory (H2).
	 * @return whether it is a server
	 */
	public boolean isServer() {
		return this.host != null;
	}

	/**
	 * The server's host.
	 * @return the host, or {@code null} for a database in memory
	 */
	public @Nullable String host() {
		return this.host;
	}

	/**
	 * The server's port.
	 * @return the port, or 0 for a database in memory
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The user the tests connect as ({@code postgres}, {@code root}, {@code sa}).
	 * @return the user
	 */
	public String user() {
		return this.user;
	}

	/**
	 * The user's password (empty).
	 * @return the password
	 */
	public String password() {
		return this.password;
	}

	/**
	 * A new database instance name: a new in-memory database for H2, the shared
	 * {@code test} database for servers.
	 * @return the instance name
	 */
	@SuppressWarnings("try") // the connection only creates the database
	public String newInstance() {
		if (isServer()) {
			return "test";
		}
		String instance = "leader-" + UUID.randomUUID();
		// Create the in-memory database now (it lives until the JVM ends): the first
		// connection starts H2's engine, which on a busy machine takes longer than the
		// nodes' pools wait for a connection.
		try (Connection connection = DriverManager.getConnection(url(instance), this.user, this.password)) {
			return instance;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create H2 database " + instance, ex);
		}
	}

	/**
	 * The JDBC URL of a database instance.
	 * @param instance the instance, from {@link #newInstance()}
	 * @return the URL
	 */
	public String url(String instance) {
		return urlVia(instance, this.host, this.port);
	}

	/**
	 * The URL of the database reached through another address, such as a
	 * {@link TcpProxy}.
	 * @param instance the instance, from {@link #newInstance()}
	 * @param host the host to connect to (ignored for a database in memory)
	 * @param port the port to connect to (ignored for a database in memory)
	 * @return the URL
	 */
	public String urlVia(String instance, @Nullable String host, int port) {
		if (!isServer()) {
			return "jdbc:h2:mem:" + instance + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
		}
		String url = String.format(this.urlTemplate, host, port);
		return (this == MARIADB) ? url + "?connectTimeout=2000" : url + "?connectTimeout=2";
	}

	/**
	 * Skip the current test (or fail it, when {@code leader.test.require-databases} is
	 * {@code true}) unless this database answers.
	 */
	public void assumeAvailable() {
		if (!isServer()) {
			return;
		}
		String problem = probe();
		if (problem == null) {
			return;
		}
		String message = this.displayName + " is not reachable at " + this.host + ":" + this.port + " (user "
				+ this.user + ", database test): " + problem;
		if (Boolean.getBoolean("leader.test.require-databases")) {
			Assertions.fail(message + ". This run requires it (-Dleader.test.require-databases=true).");
		}
		Assumptions.abort(message + ". Skipping its tests; .ci/run requires it.");
	}

	private @Nullable String probe() {
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(url("test"), this.user, this.password)) {
			return connection.isValid(3) ? null : "connection not valid";
		}
		catch (SQLException ex) {
			return ex.getMessage();
		}
	}

	/**
	 * A connection pool of its own, as each node of a cluster would have. Close it after
	 * the test.
	 * @param instance the instance, from {@link #newInstance()}
	 * @param poolName the pool's name (shown in its threads and logs)
	 * @return the pool
	 */
	public HikariDataSource newPool(String instance, String poolName) {
		return newPoolFor(url(instance), poolName);
	}

	/**
	 * A connection pool of its own to a URL, such as one through a {@link TcpProxy}.
	 * @param jdbcUrl the URL, from {@link #url(String)} or
	 * {@link #urlVia(String, String, int)}
	 * @param poolName the pool's name
	 * @return the pool
	 */
	public HikariDataSource newPoolFor(String jdbcUrl, String poolName) {
		return newPoolFor(jdbcUrl, poolName, (config) -> {
		});
	}

	/**
	 * A pool of its own, configured further (auto-commit off, read-only...).
	 * @param instance the instance, from {@link #newInstance()}
	 * @param poolName the pool's name
	 * @param customizer changes the pool's configuration
	 * @return the pool
	 */
	public HikariDataSource newPool(String instance, String poolName, Consumer<HikariConfig> customizer) {
		return newPoolFor(url(instance), poolName, customizer);
	}

	/**
	 * A pool of its own to a URL, configured further. Small (4 connections), quick to
	 * give up (1 s to connect), and not failing when the database is down at creation.
	 * @param jdbcUrl the URL
	 * @param poolName the pool's name
	 * @param customizer changes the pool's configuration
	 * @return the pool
	 */
	public HikariDataSource newPoolFor(String jdbcUrl, String poolName, Consumer<HikariConfig> customizer) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(this.user);
		config.setPassword(this.password);
		config.setPoolName(poolName);
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(0);
		config.setConnectionTimeout(1000);
		config.setValidationTimeout(500);
		config.setInitializationFailTimeout(-1);
		customizer.accept(config);
		return new HikariDataSource(config);
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}
