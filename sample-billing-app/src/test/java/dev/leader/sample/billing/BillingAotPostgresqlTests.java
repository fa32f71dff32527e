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

package dev.leader.sample.billing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.Identifiers;
import dev.leader.sample.billing.demo.FreePorts;
import dev.leader.sample.billing.demo.JavaLauncher;
import dev.leader.sample.billing.demo.ManagedProcess;
import dev.leader.sample.billing.demo.NodeClient;
import dev.leader.sample.billing.provider.PaymentProviderSimulator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The billing sample as {@code spring-boot:process-aot} built it (the build runs that
 * goal before the tests, into {@code target/classes}), started in AOT mode
 * ({@code -Dspring.aot.enabled=true}) as two node JVMs on PostgreSQL: one node leads the
 * {@code billing} group, and the charges, made by the {@code @LeaderOnly} billing job,
 * are recorded by that node only, under its token.
 */
class BillingAotPostgresqlTests {

	private static final TestDatabase DATABASE = TestDatabase.POSTGRESQL;

	private static final Duration START = Duration.ofSeconds(120);

	private final List<ManagedProcess> processes = new CopyOnWriteArrayList<>();

	private String schema;

	private HikariDataSource observerPool;

	private JdbcTemplate observer;

	private PaymentProviderSimulator simulator;

	private Path logs;

	@BeforeEach
	void prepare() throws IOException {
		DATABASE.assumeAvailable();
		this.schema = "billing_aot_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.logs = Files.createDirectories(Path.of("target", "billing-aot", this.schema));
		try (HikariDataSource admin = DATABASE.newPool("test", "admin")) {
			new JdbcTemplate(admin).execute("CREATE SCHEMA " + this.schema);
		}
		this.observerPool = DATABASE.newPoolFor(DATABASE.url("test") + "&currentSchema=" + this.schema, "observer");
		this.observer = new JdbcTemplate(this.observerPool);
		this.simulator = PaymentProviderSimulator.start(0);
	}

	@AfterEach
	void stopEverything() {
		this.processes.forEach(ManagedProcess::close);
		if (this.simulator != null) {
			this.simulator.close();
		}
		if (this.observerPool != null) {
			this.observerPool.close();
			try (HikariDataSource admin = DATABASE.newPool("test", "admin")) {
				new JdbcTemplate(admin).execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
			}
		}
	}

	@Test
	void twoNodesInAotModeElectOneLeaderAndOnlyItRunsTheBillingJob() throws IOException {
		List<NodeClient> clients = new ArrayList<>();
		for (String name : List.of("aot-1", "aot-2")) {
			int port = FreePorts.next();
			clients.add(new NodeClient(name, port));
			start(name, port);
		}
		clients.forEach((client) -> await().atMost(START).until(client::isUp));
		for (ManagedProcess process : this.processes) {
			assertThat(Files.readString(process.log())).as("%s started from the AOT-generated code", process.name())
				.contains("Starting AOT-processed BillingApplication");
		}
		await().atMost(START)
			.until(() -> this.observer.queryForObject("SELECT COUNT(*) FROM charge", Long.class) >= 20);
		String leader = Identifiers.nodeIdOf(this.observer
			.queryForObject("SELECT holder FROM leader_lease WHERE group_name = 'billing'", String.class));
		long token = this.observer.queryForObject("SELECT token FROM leader_lease WHERE group_name = 'billing'",
				Long.class);
		assertThat(leader).isIn("aot-1", "aot-2");
		assertThat(this.observer.queryForList("SELECT DISTINCT node FROM charge", String.class))
			.as("nodes that charged")
			.containsExactly(leader);
		assertThat(this.observer.queryForList("SELECT DISTINCT fencing_token FROM charge", Long.class))
			.as("tokens charged under")
			.containsExactly(token);
		assertThat(this.processes).allSatisfy((process) -> assertThat(process.isAlive()).isTrue());
	}

	private void start(String name, int port) {
		String url = DATABASE.url("test") + "&currentSchema=" + this.schema;
		List<String> args = List.of("--spring.profiles.active=postgresql", "--spring.datasource.url=" + url,
				"--server.port=" + port, "--leader.node-id=" + name, "--billing.gateway.url=" + this.simulator.url(),
				"--billing.customers=50", "--billing.month=3s", "--billing.charge-ahead=1s",
				"--billing.poll-interval=100ms");
		List<String> jvm = Stream.concat(JavaLauncher.SMALL_JVM.stream(), Stream.of("-Dspring.aot.enabled=true"))
			.toList();
		ManagedProcess process = ManagedProcess.start(name,
				JavaLauncher.ofClasspath(nodeClasspath()).command(BillingApplication.class.getName(), jvm, args),
				this.logs.resolve(name + ".log"));
		this.processes.add(process);
	}

	/**
	 * This test's class path without the test classes and test jars: the nodes run with
	 * the application's own configuration, and target/classes holds what process-aot
	 * generated.
	 */
	private static String nodeClasspath() {
		return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> !entry.contains("test-classes") && !entry.endsWith("-tests.jar"))
			.collect(Collectors.joining(File.pathSeparator));
	}

}
