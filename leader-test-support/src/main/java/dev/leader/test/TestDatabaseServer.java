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

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.assertj.core.api.Assertions;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A private PostgreSQL or MariaDB server for tests that must restart the database (which
 * ends every session at once) without touching the machine's shared servers: a new data
 * directory in a temporary folder, a free loopback port, a database {@code test} (user
 * {@code postgres} or {@code root}, no password, as {@link TestDatabase}), deleted on
 * {@link #close()}.
 * <p>
 * PostgreSQL runs from the binaries of {@code /usr/lib/postgresql/<version>/bin} (the
 * highest version; {@code -Dleader.test.postgresql.bin} to choose), through
 * {@code initdb} and {@code pg_ctl}; PostgreSQL refuses to run as root, so a root run
 * starts them as the {@code postgres} user ({@code setpriv}), which owns the data
 * directory. MariaDB runs {@code mariadb-install-db} and {@code mariadbd}
 * ({@code -Dleader.test.mariadbd}, {@code -Dleader.test.mariadb-install-db}), with
 * {@code --no-defaults} so that nothing of the shared server's configuration applies.
 * When the binaries are missing the test is skipped with a message naming the Debian
 * package, or fails when {@code leader.test.require-databases} is {@code true} (as in
 * {@code .ci/run}).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public final class TestDatabaseServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private final TestDatabase database;

	private final Path directory;

	private final int port;

	private final List<String> binaries;

	private @Nullable Process process;

	private TestDatabaseServer(TestDatabase database, List<String> binaries) {
		this.database = database;
		this.binaries = binaries;
		this.port = freePort();
		try {
			this.directory = Files.createTempDirectory("leader-" + database.name().toLowerCase(Locale.ROOT) + "-");
			if (ROOT && database == TestDatabase.POSTGRESQL) {
				UserPrincipalLookupService users = this.directory.getFileSystem().getUserPrincipalLookupService();
				Files.setOwner(this.directory, users.lookupPrincipalByName("postgres"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not make a data directory for a private " + database, ex);
		}
	}

	/**
	 * Start a private PostgreSQL server (skipping the test when its binaries are
	 * missing).
	 * @return the running server
	 */
	public static TestDatabaseServer startPostgresql() {
		Path bin = postgresqlBinaries()
			.orElseThrow(() -> unavailable("PostgreSQL's initdb and pg_ctl are not installed in "
					+ "/usr/lib/postgresql/<version>/bin (Debian package postgresql; or set -Dleader.test.postgresql.bin)"));
		return start(TestDatabase.POSTGRESQL,
				List.of(bin.resolve("initdb").toString(), bin.resolve("pg_ctl").toString()));
	}

	/**
	 * Start a private MariaDB server (skipping the test when its binaries are missing).
	 * @return the running server
	 */
	public static TestDatabaseServer startMariaDb() {
		String server = System.getProperty("leader.test.mariadbd", "/usr/sbin/mariadbd");
		String install = System.getProperty("leader.test.mariadb-install-db", "/usr/bin/mariadb-install-db");
		if (!new File(server).canExecute() || !new File(install).canExecute()) {
			throw unavailable("MariaDB's " + server + " and " + install + " are not installed (Debian package "
					+ "mariadb-server; or set -Dleader.test.mariadbd and -Dleader.test.mariadb-install-db)");
		}
		return start(TestDatabase.MARIADB, List.of(install, server));
	}

	private static TestDatabaseServer start(TestDatabase database, List<String> binaries) {
		TestDatabaseServer server = new TestDatabaseServer(database, binaries);
		try {
			server.initialize();
			server.start();
			server.execute(server.url("postgres", "mysql"), "CREATE DATABASE test");
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	private static Optional<Path> postgresqlBinaries() {
		String configured = System.getProperty("leader.test.postgresql.bin");
		if (configured != null) {
			return Optional.of(Path.of(configured)).filter(TestDatabaseServer::hasPostgresql);
		}
		File[] versions = new File("/usr/lib/postgresql").listFiles();
		if (versions == null) {
			return Optional.empty();
		}
		return Arrays.stream(versions)
			.filter((version) -> version.getName().matches("\\d+(\\.\\d+)?"))
			.sorted(Comparator.comparingDouble((File version) -> Double.parseDouble(version.getName())).reversed())
			.map((version) -> version.toPath().resolve("bin"))
			.filter(TestDatabaseServer::hasPostgresql)
			.findFirst();
	}

	private static boolean hasPostgresql(Path bin) {
		return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
	}

	private static RuntimeException unavailable(String message) {
		if (Boolean.getBoolean("leader.test.require-databases")) {
			Assertions.fail(message + ". This run requires it (-Dleader.test.require-databases=true).");
		}
		Assumptions.abort(message + ". Skipping the test that restarts a private server; .ci/run requires it.");
		return new IllegalStateException(message);
	}

	/**
	 * Which database this server is.
	 * @return {@link TestDatabase#POSTGRESQL} or {@link TestDatabase#MARIADB}
	 */
	public TestDatabase database() {
		return this.database;
	}

	/**
	 * The server's port on 127.0.0.1.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The JDBC URL of the database {@code test}, with the connect timeout of
	 * {@link TestDatabase#urlVia}.
	 * @return the URL
	 */
	public String url() {
		return this.database.urlVia("test", "127.0.0.1", this.port);
	}

	private String url(String postgresqlDatabase, String mariaDbDatabase) {
		return (this.database == TestDatabase.POSTGRESQL)
				? "jdbc:postgresql://127.0.0.1:" + this.port + "/" + postgresqlDatabase
				: "jdbc:mariadb://127.0.0.1:" + this.port + "/" + mariaDbDatabase;
	}

	/**
	 * Restart the server, as an administrator or a crash and recovery would: a fast
	 * shutdown ends every session at once (PostgreSQL {@code pg_ctl stop -m fast},
	 * MariaDB SIGTERM), then the server starts again on the same data and port. Returns
	 * once it accepts connections.
	 */
	public synchronized void restart() {
		stop(false);
		start();
	}

	/**
	 * Stop the server at once and delete its data directory.
	 */
	@Override
	public synchronized void close() {
		try {
			stop(true);
		}
		finally {
			FileSystemUtils.deleteRecursively(this.directory.toFile());
		}
	}

	private void initialize() {
		Path data = this.directory.resolve("data");
		if (this.database == TestDatabase.POSTGRESQL) {
			run(asPostgres(this.binaries.get(0), "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
					"--no-sync"));
		}
		else {
			List<String> command = new ArrayList<>(List.of(this.binaries.get(0), "--no-defaults", "--datadir=" + data,
					"--auth-root-authentication-method=normal", "--skip-test-db"));
			if (ROOT) {
				command.add("--user=root");
			}
			run(command);
		}
	}

	private void start() {
		Path data = this.directory.resolve("data");
		if (this.database == TestDatabase.POSTGRESQL) {
			run(asPostgres(this.binaries.get(1), "start", "-w", "-t", "60", "-D", data.toString(), "-l",
					this.directory.resolve("server.log").toString(), "-o",
					"-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off"));
		}
		else {
			List<String> command = new ArrayList<>(
					List.of(this.binaries.get(1), "--no-defaults", "--datadir=" + data, "--port=" + this.port,
							"--bind-address=127.0.0.1", "--socket=" + this.directory.resolve("mariadb.sock"),
							"--pid-file=" + this.directory.resolve("mariadb.pid"), "--skip-log-bin",
							"--innodb-buffer-pool-size=16M", "--log-error=" + this.directory.resolve("server.log")));
			if (ROOT) {
				command.add("--user=root");
			}
			try {
				this.process = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start " + command, ex);
			}
		}
		String url = url("postgres", "");
		await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
			Process current = this.process;
			if (current != null && !current.isAlive()) {
				throw new IllegalStateException(this + " exited; see " + this.directory.resolve("server.log"));
			}
			return accepts(url);
		});
	}

	private void stop(boolean immediately) {
		if (this.database == TestDatabase.POSTGRESQL) {
			if (Files.exists(this.directory.resolve("data").resolve("postmaster.pid"))) {
				run(asPostgres(this.binaries.get(1), "stop", "-w", "-t", "60", "-m", immediately ? "immediate" : "fast",
						"-D", this.directory.resolve("data").toString()));
			}
			return;
		}
		Process current = this.process;
		if (current != null && current.isAlive()) {
			if (immediately) {
				current.destroyForcibly();
			}
			else {
				current.destroy();
			}
			try {
				if (!current.waitFor(60, TimeUnit.SECONDS)) {
					current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** A PostgreSQL command, as the postgres user when this runs as root. */
	private static List<String> asPostgres(String... command) {
		List<String> full = new ArrayList<>();
		if (ROOT) {
			full.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
		}
		full.addAll(List.of(command));
		return full;
	}

	private void run(List<String> command) {
		File log = this.directory.resolve("commands.log").toFile();
		try {
			Process run = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
			if (!run.waitFor(120, TimeUnit.SECONDS)) {
				run.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end; see " + log);
			}
			if (run.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " failed (exit " + run.exitValue() + "): " + tail(log.toPath()));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String tail(Path log) {
		try (Stream<String> lines = Files.lines(log)) {
			List<String> all = lines.toList();
			return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log)";
		}
	}

	private boolean accepts(String url) {
		DriverManager.setLoginTimeout(2);
		try (Connection connection = DriverManager.getConnection(url, user(), "")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private void execute(String url, String sql) {
		try (Connection connection = DriverManager.getConnection(url, user(), "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not run '" + sql + "' on " + this, ex);
		}
	}

	private String user() {
		return (this.database == TestDatabase.POSTGRESQL) ? "postgres" : "root";
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public String toString() {
		return "private " + this.database + " server on 127.0.0.1:" + this.port + " (" + this.directory + ")";
	}

}
