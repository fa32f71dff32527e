package dev.leader.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the stores are proven against. PostgreSQL and MariaDB are the local
 * servers of the project's machines; when one is missing its tests are skipped with a
 * message that names it, unless {@code -Dleader.test.require-databases=true} (as in
 * {@code .ci/run}) turns that into a failure.
 */
public enum TestDatabase {

	POSTGRESQL("PostgreSQL", "127.0.0.1", 5432, "jdbc:postgresql://%s:%d/test", "postgres", ""),

	MARIADB("MariaDB", "127.0.0.1", 3306, "jdbc:mariadb://%s:%d/test", "root", ""),

	H2("H2", null, 0, null, "sa", "");

	private final String displayName;

	private final String host;

	private final int port;

	private final String urlTemplate;

	private final String user;

	private final String password;

	TestDatabase(String displayName, String host, int port, String urlTemplate, String user, String password) {
		this.displayName = displayName;
		this.host = host;
		this.port = port;
		this.urlTemplate = urlTemplate;
		this.user = user;
		this.password = password;
	}

	public String displayName() {
		return this.displayName;
	}

	public boolean isServer() {
		return this.host != null;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/**
	 * A new database instance name: one per test class for H2 (in memory), the shared
	 * {@code test} database for servers.
	 */
	public String newInstance() {
		return isServer() ? "test" : "leader-" + UUID.randomUUID();
	}

	public String url(String instance) {
		return urlVia(instance, this.host, this.port);
	}

	/** The URL of the database reached through another address, such as a TCP proxy. */
	public String urlVia(String instance, String host, int port) {
		if (!isServer()) {
			return "jdbc:h2:mem:" + instance + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
		}
		String url = String.format(this.urlTemplate, host, port);
		return (this == MARIADB) ? url + "?connectTimeout=2000" : url + "?connectTimeout=2";
	}

	/** Skip (or fail, when servers are required) unless this database answers. */
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

	private String probe() {
		DriverManager.setLoginTimeout(3);
		try (Connection connection = DriverManager.getConnection(url("test"), this.user, this.password)) {
			return connection.isValid(3) ? null : "connection not valid";
		}
		catch (SQLException ex) {
			return ex.getMessage();
		}
	}

	/** A connection pool of its own, as each node of a cluster would have. */
	public HikariDataSource newPool(String instance, String poolName) {
		return newPoolFor(url(instance), poolName);
	}

	public HikariDataSource newPoolFor(String jdbcUrl, String poolName) {
		return newPoolFor(jdbcUrl, poolName, (config) -> {
		});
	}

	/** A pool of its own, configured further (auto-commit off, read-only...). */
	public HikariDataSource newPool(String instance, String poolName, Consumer<HikariConfig> customizer) {
		return newPoolFor(url(instance), poolName, customizer);
	}

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
