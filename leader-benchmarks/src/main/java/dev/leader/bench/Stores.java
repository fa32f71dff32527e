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

package dev.leader.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.jspecify.annotations.Nullable;

import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.test.TestEtcd;

/**
 * The stores the peers use: a PostgreSQL database of the benchmark's own (so that its
 * transaction counters see nothing else), an in-process ZooKeeper server and an etcd
 * member (a process).
 *
 * @author leader-spring-boot-starter
 */
public final class Stores implements AutoCloseable {

	private final String jdbcUrl;

	private final int zookeeperTick;

	/** The MariaDB database, once a MariaDB peer ran. */
	private @Nullable String mariaDbUrl;

	private @Nullable TestingServer zookeeper;

	private @Nullable TestEtcd etcd;

	public Stores(String jdbcUrl, int zookeeperTick) {
		this.jdbcUrl = jdbcUrl;
		this.zookeeperTick = zookeeperTick;
	}

	String jdbcUrl() {
		return this.jdbcUrl;
	}

	/** Create the benchmark database and every peer's table when missing. */
	public void prepareDatabase() {
		String database = databaseName();
		String admin = this.jdbcUrl.replaceFirst("/[^/?]+(\\?|$)", "/postgres$1");
		try (Connection connection = DriverManager.getConnection(admin, "postgres", "");
				Statement statement = connection.createStatement()) {
			try (ResultSet result = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "") + "'")) {
				if (!result.next()) {
					statement.execute("CREATE DATABASE " + database);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL is needed at " + admin + " (user postgres): " + ex, ex);
		}
		try (Connection connection = connection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, "
					+ "lock_until TIMESTAMP NOT NULL, locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL)");
			statement.execute("CREATE TABLE IF NOT EXISTS INT_LOCK (LOCK_KEY CHAR(36) NOT NULL, "
					+ "REGION VARCHAR(100) NOT NULL, CLIENT_ID CHAR(36), CREATED_DATE TIMESTAMP NOT NULL, "
					+ "EXPIRED_AFTER TIMESTAMP NOT NULL, CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION))");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		JdbcLeaseSchema.create(
				new org.springframework.jdbc.datasource.DriverManagerDataSource(this.jdbcUrl, "postgres", ""),
				"leader_lease");
	}

	/**
	 * Free every lease and lock left by an earlier cluster, so that each run starts
	 * alike. Lease rows stay (their tokens keep counting up).
	 */
	void resetDatabase() {
		try (Connection connection = connection(); Statement statement = connection.createStatement()) {
			statement.execute("UPDATE leader_lease SET holder = NULL, expires_at = clock_timestamp() "
					+ "WHERE group_name LIKE 'bench-%'");
			statement.execute("DELETE FROM shedlock WHERE name LIKE 'bench-%'");
			statement.execute("DELETE FROM INT_LOCK WHERE REGION = 'bench'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The MariaDB database of the MariaDB peers: made with its lease table when missing
	 * (user root), its leases freed for each cluster that uses it.
	 * @param url its JDBC URL
	 * @return the URL
	 */
	String mariaDb(String url) {
		if (!url.equals(this.mariaDbUrl)) {
			String path = url.replaceFirst("\\?.*$", "");
			String database = path.substring(path.lastIndexOf('/') + 1);
			try (Connection connection = DriverManager.getConnection(path.substring(0, path.lastIndexOf('/') + 1),
					"root", ""); Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
			}
			catch (SQLException ex) {
				throw new IllegalStateException("MariaDB is needed at " + url + " (user root): " + ex, ex);
			}
			JdbcLeaseSchema.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(url, "root", ""),
					"leader_lease");
			this.mariaDbUrl = url;
		}
		resetMariaDb(url);
		return url;
	}

	private static void resetMariaDb(String url) {
		try (Connection connection = DriverManager.getConnection(url, "root", "");
				Statement statement = connection.createStatement()) {
			statement.execute("UPDATE leader_lease SET holder = NULL, expires_at = UTC_TIMESTAMP(6) "
					+ "WHERE group_name LIKE 'bench-%'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Committed and rolled back transactions of the benchmark database so far; tried up
	 * to five times, a second apart, when the server refuses the connection (a shared
	 * server may be out of connections for a moment).
	 */
	long transactions() {
		for (int attempt = 1;; attempt++) {
			try {
				return transactionsOnce();
			}
			catch (IllegalStateException ex) {
				if (attempt == 5) {
					throw ex;
				}
				FailoverBenchmark.sleep(java.time.Duration.ofSeconds(1));
			}
		}
	}

	private long transactionsOnce() {
		String database = databaseName();
		try (Connection connection = connection(); Statement statement = connection.createStatement()) {
			statement.execute("SELECT pg_stat_clear_snapshot()");
			try (ResultSet result = statement.executeQuery(
					"SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '" + database + "'")) {
				result.next();
				return result.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The database name of the JDBC URL, without parameters. */
	private String databaseName() {
		String path = this.jdbcUrl.replaceFirst("\\?.*$", "");
		return path.substring(path.lastIndexOf('/') + 1);
	}

	private Connection connection() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, "postgres", "");
	}

	/** Start the ZooKeeper server (once). */
	String zookeeper() {
		if (this.zookeeper == null) {
			try {
				System.setProperty("zookeeper.4lw.commands.whitelist", "srvr,stat,mntr");
				System.setProperty("zookeeper.admin.enableServer", "false");
				InstanceSpec spec = new InstanceSpec((File) null, -1, -1, -1, true, -1, this.zookeeperTick, 0);
				this.zookeeper = new TestingServer(spec, true);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not start ZooKeeper", ex);
			}
		}
		return this.zookeeper.getConnectString();
	}

	/** Start the etcd member (once): a process of {@code /usr/bin/etcd}. */
	String etcd() {
		TestEtcd started = this.etcd;
		if (started == null) {
			started = TestEtcd.startMember();
			this.etcd = started;
		}
		return started.member(0).clientUrl();
	}

	/**
	 * gRPC messages the etcd member received so far (the sum of its
	 * {@code grpc_server_msg_received_total} counters), or 0 when it was not started.
	 */
	long etcdRequests() {
		TestEtcd started = this.etcd;
		if (started == null) {
			return 0;
		}
		try {
			HttpResponse<String> metrics = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(started.member(0).clientUrl() + "/metrics")).build(),
						HttpResponse.BodyHandlers.ofString());
			double total = 0;
			for (String line : metrics.body().split("\n")) {
				if (line.startsWith("grpc_server_msg_received_total{")) {
					total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
				}
			}
			return (long) total;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Packets the ZooKeeper server received so far (requests and session pings). */
	long zookeeperPackets() {
		if (this.zookeeper == null) {
			return 0;
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.zookeeper.getPort()), 2000);
			OutputStream out = socket.getOutputStream();
			out.write("srvr".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String line;
			while ((line = in.readLine()) != null) {
				if (line.startsWith("Received:")) {
					return Long.parseLong(line.substring("Received:".length()).trim());
				}
			}
			throw new IllegalStateException("ZooKeeper srvr gave no 'Received:' line");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		if (this.etcd != null) {
			this.etcd.close();
		}
		if (this.zookeeper != null) {
			try {
				this.zookeeper.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
