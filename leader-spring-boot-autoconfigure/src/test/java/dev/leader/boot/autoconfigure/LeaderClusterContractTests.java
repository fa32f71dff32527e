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

package dev.leader.boot.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three Spring Boot applications in one JVM, each with its own connection pool, run one
 * {@code @Scheduled @LeaderOnly} job every 100 ms that records (node, token, database
 * time) under the fencing guard (JDBC store) or right after {@code verify} (other stores,
 * which cannot lock the tick table's database). Exactly one node records at a time,
 * tokens never go back, and leadership moves on when the leader's context closes (at
 * once) or its connection to the store dies (after the lease expires). The store is
 * chosen by properties alone ({@link #storeProperties(Duration)}).
 */
abstract class LeaderClusterContractTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Map<String, ConfigurableApplicationContext> nodes = new LinkedHashMap<>();

	private String suffix;

	/** The database: a new in-memory one per test for H2, the shared one for servers. */
	private String instance = "";

	private JdbcTemplate jdbc;

	private HikariDataSource observer;

	protected abstract TestDatabase database();

	/** The database clock, as an SQL expression. */
	protected abstract String databaseNow();

	@BeforeEach
	void setUp() {
		database().assumeAvailable();
		this.suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.instance = database().newInstance();
		this.observer = database().newPool(instance(), "observer");
		this.jdbc = new JdbcTemplate(this.observer);
		this.jdbc.execute("CREATE TABLE " + tickTable()
				+ " (node VARCHAR(64) NOT NULL, token BIGINT NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL)");
	}

	@AfterEach
	void tearDown() {
		this.nodes.values().forEach(ConfigurableApplicationContext::close);
		this.jdbc.execute("DROP TABLE " + tickTable());
		this.jdbc.execute("DROP TABLE IF EXISTS " + leaseTable());
		this.jdbc.execute("DROP TABLE IF EXISTS " + leaseTable() + "_history");
		this.observer.close();
	}

	/**
	 * The properties that select and configure the store, for a lease of the given
	 * length: by default the JDBC store with a lease table of its own in the tick
	 * database.
	 * @param lease the lease duration the test needs
	 * @return property assignments
	 */
	protected List<String> storeProperties(Duration lease) {
		return List.of("leader.jdbc.table-name=" + leaseTable(), "leader.jdbc.initialize-schema=always");
	}

	/**
	 * Cut a node off from its store for good without stopping it: by default close its
	 * connection pool.
	 * @param node the node's context
	 * @throws Exception when that fails
	 */
	protected void killStoreConnection(ConfigurableApplicationContext node) throws Exception {
		node.getBean(HikariDataSource.class).close();
	}

	@Test
	void exactlyOneNodeRecordsEachTickAndTokensNeverGoBack() {
		startCluster(Duration.ofSeconds(2), Duration.ofMillis(500));
		await().atMost(Duration.ofSeconds(20)).until(() -> ticks().size() >= 20);
		String leader = leaderName().orElseThrow();
		List<Tick> ticks = ticks();
		assertHistorySafe(ticks);
		assertThat(ticks).extracting(Tick::node).containsOnly(leader);
		FencingToken token = this.nodes.get(leader).getBean(LeaderCoordinator.class).token("ticks").orElseThrow();
		assertThat(ticks).extracting(Tick::token).containsOnly(token.value());
	}

	@Test
	void closingTheLeadersContextHandsOverAtOnce() {
		// A 30 s lease: a takeover within seconds can only come from the release on
		// close.
		startCluster(Duration.ofSeconds(30), Duration.ofMillis(200));
		String first = awaitTicksFromOneLeader();
		long firstToken = lastTick().token();
		this.nodes.remove(first).close();
		await().atMost(Duration.ofSeconds(5)).until(() -> !lastTick().node().equals(first));
		Tick next = lastTick();
		assertThat(next.token()).isGreaterThan(firstToken);
		assertHistorySafe(ticks());
	}

	@Test
	void killingTheLeadersStoreConnectionHandsOverAfterItsLeaseExpires() throws Exception {
		startCluster(Duration.ofSeconds(2), Duration.ofMillis(200));
		String first = awaitTicksFromOneLeader();
		long firstToken = lastTick().token();
		killStoreConnection(this.nodes.get(first));
		await().atMost(Duration.ofSeconds(15)).until(() -> !lastTick().node().equals(first));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !this.nodes.get(first).getBean(LeaderCoordinator.class).isLeader("ticks"));
		assertThat(lastTick().token()).isGreaterThan(firstToken);
		assertHistorySafe(ticks());
	}

	private String awaitTicksFromOneLeader() {
		await().atMost(Duration.ofSeconds(20)).until(() -> ticks().size() >= 5);
		return lastTick().node();
	}

	/**
	 * Tokens never go back in database time, each token belongs to one node, and the
	 * records of different tokens never interleave.
	 */
	/**
	 * The game-day drill over HTTP, on the leader: another node takes over with a greater
	 * token within the handover bound, and the drill says who and how fast; on a follower
	 * it does nothing and says why.
	 */
	@Test
	void drillOverHttpHandsOverAndReportsTheSuccessor() throws Exception {
		startCluster(Duration.ofSeconds(30), Duration.ofMillis(200), WebApplicationType.SERVLET);
		String leader = awaitTicksFromOneLeader();
		long old = this.nodes.get(leader).getBean(LeaderCoordinator.class).token("ticks").orElseThrow().value();
		String follower = this.nodes.keySet().stream().filter((name) -> !name.equals(leader)).findFirst().orElseThrow();
		JsonNode refused = json.readTree(drill(follower).body());
		assertThat(refused.get("succeeded").asBoolean()).isFalse();
		assertThat(refused.get("message").asString()).contains("does not lead");

		HttpResponse<String> response = drill(leader);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode result = json.readTree(response.body());
		assertThat(result.get("succeeded").asBoolean()).as(response.body()).isTrue();
		assertThat(result.get("node").asString()).isEqualTo(leader);
		assertThat(result.get("oldToken").asLong()).isEqualTo(old);
		assertThat(result.get("successor").asString()).isNotEqualTo(leader).isIn(this.nodes.keySet());
		assertThat(result.get("newToken").asLong()).isGreaterThan(old);
		// The lease lasts 30 s: a successor within 5 s comes from the release.
		assertThat(result.get("handoverMillis").asDouble()).isLessThan(5000);
		LeaderCoordinator successor = this.nodes.get(result.get("successor").asString())
			.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> successor.token("ticks").map((token) -> token.value() > old).orElse(false));
		assertHistorySafe(ticks());

		// The drill is kept in the leadership history, which every node reads.
		assertThat(result.get("recorded").asBoolean()).as(response.body()).isTrue();
		String third = this.nodes.keySet()
			.stream()
			.filter((name) -> !name.equals(leader) && !name.equals(result.get("successor").asString()))
			.findFirst()
			.orElseThrow();
		JsonNode history = json.readTree(get(third, "/actuator/leader/ticks/history").body());
		JsonNode drilled = null;
		for (JsonNode record : history.get("records")) {
			if (record.get("token").asLong() == old) {
				drilled = record;
			}
		}
		assertThat(drilled).as(history.toString()).isNotNull();
		assertThat(drilled.get("node").asString()).isEqualTo(leader);
		assertThat(drilled.get("endReason").asString()).isEqualTo("DRILL");
		assertThat(drilled.get("detail").asString()).contains(result.get("successorInstance").asString())
			.contains("token " + result.get("newToken").asLong())
			.endsWith(" ms");
	}

	private HttpResponse<String> get(String node, String path) throws IOException, InterruptedException {
		String port = this.nodes.get(node).getEnvironment().getProperty("local.server.port");
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> drill(String node) throws IOException, InterruptedException {
		String port = this.nodes.get(node).getEnvironment().getProperty("local.server.port");
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/leader/ticks"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"drill\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static void assertHistorySafe(List<Tick> ticks) {
		Map<Long, String> holders = new LinkedHashMap<>();
		long previous = 0;
		for (Tick tick : ticks) {
			assertThat(tick.token()).as("token at %s", tick.at()).isGreaterThanOrEqualTo(previous);
			previous = tick.token();
			String holder = holders.putIfAbsent(tick.token(), tick.node());
			assertThat(holder == null || holder.equals(tick.node()))
				.as("token %d recorded by %s and %s", tick.token(), holder, tick.node())
				.isTrue();
		}
	}

	private void startCluster(Duration lease, Duration retry) {
		startCluster(lease, retry, WebApplicationType.NONE);
	}

	private void startCluster(Duration lease, Duration retry, WebApplicationType web) {
		for (int i = 1; i <= 3; i++) {
			String name = "node-" + i;
			List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + database().url(instance()),
					"spring.datasource.username=" + user(), "spring.datasource.hikari.pool-name=" + name,
					"spring.datasource.hikari.connection-timeout=1000", "spring.datasource.hikari.maximum-pool-size=4",
					"spring.main.banner-mode=off", "leader.node-id=" + name,
					"leader.jdbc.lease-duration=" + lease.toMillis() + "ms",
					"leader.jdbc.renew-interval=" + lease.dividedBy(4).toMillis() + "ms",
					"leader.jdbc.retry-interval=" + retry.toMillis() + "ms",
					"leader.zookeeper.retry-interval=" + retry.toMillis() + "ms", "leader.shutdown-timeout=2s",
					"cluster.tick-table=" + tickTable(), "cluster.now=" + databaseNow()));
			properties.addAll(storeProperties(lease));
			if (web != WebApplicationType.NONE) {
				properties.addAll(List.of("server.port=0", "management.endpoints.web.exposure.include=leader",
						"management.endpoint.leader.access=unrestricted"));
			}
			ConfigurableApplicationContext context = new SpringApplicationBuilder(ClusterNode.class).web(web)
				.properties(properties.toArray(String[]::new))
				.run();
			this.nodes.put(name, context);
		}
	}

	private Optional<String> leaderName() {
		return this.nodes.entrySet()
			.stream()
			.filter((node) -> node.getValue().getBean(LeaderCoordinator.class).isLeader("ticks"))
			.map(Map.Entry::getKey)
			.findFirst();
	}

	private List<Tick> ticks() {
		return new ArrayList<>(this.jdbc.query("SELECT node, token, at FROM " + tickTable() + " ORDER BY at",
				(row, index) -> new Tick(row.getString("node"), row.getLong("token"),
						row.getObject("at", OffsetDateTime.class).toInstant())));
	}

	private Tick lastTick() {
		List<Tick> ticks = ticks();
		return ticks.get(ticks.size() - 1);
	}

	private String instance() {
		return this.instance;
	}

	private String user() {
		return (database() == TestDatabase.POSTGRESQL) ? "postgres" : "sa";
	}

	private String tickTable() {
		return "tick_log_" + this.suffix;
	}

	private String leaseTable() {
		return "cluster_lease_" + this.suffix;
	}

	record Tick(String node, long token, Instant at) {

	}

	/**
	 * One node of the cluster: the whole auto-configuration plus a ticking leader-only
	 * job.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableScheduling
	static class ClusterNode {

		@Bean
		TickJob tickJob(DataSource dataSource, ObjectProvider<JdbcFencingGuard> guard, LeaderCoordinator coordinator,
				@Value("${cluster.tick-table}") String table, @Value("${cluster.now}") String now,
				@Value("${leader.node-id}") String node) {
			return new TickJob(new GuardedRecorder(dataSource, guard.getIfAvailable(), coordinator, table, now, node));
		}

	}

	static class TickJob {

		private final GuardedRecorder recorder;

		TickJob(GuardedRecorder recorder) {
			this.recorder = recorder;
		}

		@Scheduled(fixedRate = 100)
		@LeaderOnly("ticks")
		public void tick() {
			this.recorder.record(LeaderContext.require());
		}

	}

}
