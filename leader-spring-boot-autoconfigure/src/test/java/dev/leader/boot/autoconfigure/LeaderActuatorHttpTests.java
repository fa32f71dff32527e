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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestDatabase;
import dev.leader.test.TestZookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code leader} endpoint and health contributor over real HTTP, on a web application
 * with a random port.
 */
class LeaderActuatorHttpTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final String database = "jdbc:h2:mem:actuator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@AfterEach
	void close() throws Exception {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void endpointIsAbsentUnlessExposed() throws Exception {
		ConfigurableApplicationContext context = start("spring.datasource.url=" + this.database);
		assertThat(get(context, "/actuator/leader").statusCode()).isEqualTo(404);
		assertThat(get(context, "/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void endpointShowsThisNodeEveryGroupAndTheJobs() throws Exception {
		ConfigurableApplicationContext context = startExposed("leader.node-id=node-a");
		awaitLeading(context, "reports");
		context.getBean(ReportJob.class).run();
		HttpResponse<String> response = get(context, "/actuator/leader");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("node").asString()).isEqualTo("node-a");
		assertThat(body.get("store").asString()).isEqualTo("jdbc");
		JsonNode group = body.get("groups").get("reports");
		assertThat(group.get("leader").asString()).isEqualTo("node-a");
		assertThat(body.get("instance").asString()).startsWith("node-a#");
		assertThat(group.get("leaderInstance").asString()).isEqualTo(body.get("instance").asString());
		assertThat(group.get("token").asLong()).isPositive();
		assertThat(group.get("thisNodeLeads").asBoolean()).isTrue();
		assertThat(group.get("active").asBoolean()).isTrue();
		assertThat(group.get("acquiredAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(group.get("expiresAt").asString()).isGreaterThan(group.get("acquiredAt").asString());
		JsonNode job = body.get("jobs").get(0);
		assertThat(job.get("job").asString()).isEqualTo("ReportJob.run");
		assertThat(job.get("group").asString()).isEqualTo("reports");
		assertThat(job.get("lastOutcome").asString()).isEqualTo("RAN");
		assertThat(job.get("lastToken").asLong()).isEqualTo(group.get("token").asLong());
		assertThat(job.get("counts").get("RAN").asLong()).isOne();
		assertThat(job.get("lastDurationMillis").isNumber()).isTrue();
		assertThat(job.get("lastCallAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

		HttpResponse<String> one = get(context, "/actuator/leader/reports");
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(json.readTree(one.body()).get("leader").asString()).isEqualTo("node-a");
		assertThat(get(context, "/actuator/leader/no-such-group").statusCode()).isEqualTo(404);
	}

	@Test
	void endpointShowsWhereEachGroupMayRunAndEveryLiveNodeWithItsTags() throws Exception {
		String[] placement = { "leader.placement.groups.reports.tags=region-a,region-b",
				"leader.placement.groups.reports.preferred=region-a", "leader.placement.settle-delay=500ms",
				"leader.placement.backup-delay=300ms" };
		ConfigurableApplicationContext a = startExposed(
				with(placement, "leader.node-id=node-a", "leader.node-tags=region-a,batch"));
		ConfigurableApplicationContext b = startExposed(
				with(placement, "leader.node-id=node-b", "leader.node-tags=region-b"));
		awaitLeading(a, "reports");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode body = json.readTree(get(b, "/actuator/leader").body());
			JsonNode group = body.get("groups").get("reports");
			assertThat(group.get("leader").asString()).isEqualTo("node-a");
			assertThat(strings(group.get("eligibleNodes"))).containsExactly("node-a", "node-b");
			assertThat(strings(group.get("preferredNodes"))).containsExactly("node-a");
			JsonNode nodes = body.get("placement").get("nodes");
			assertThat(nodes.propertyNames()).containsExactly("node-a", "node-b");
			JsonNode other = nodes.get("node-a");
			assertThat(other.get("thisNode").asBoolean()).isFalse();
			assertThat(strings(other.get("tags"))).containsExactly("batch", "region-a");
			assertThat(other.get("campaigning").asBoolean()).isTrue();
			assertThat(strings(other.get("groups"))).containsExactly("reports");
			assertThat(other.get("load").asLong()).isOne();
			assertThat(other.get("share").asLong()).isOne();
			JsonNode self = nodes.get("node-b");
			assertThat(self.get("thisNode").asBoolean()).isTrue();
			assertThat(strings(self.get("tags"))).containsExactly("region-b");
			assertThat(strings(self.get("groups"))).isEmpty();
		});
		JsonNode one = json.readTree(get(b, "/actuator/leader/reports").body());
		assertThat(strings(one.get("preferredNodes"))).containsExactly("node-a");
	}

	private static String[] with(String[] properties, String... more) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

	@Test
	void endpointAndHealthShowTheZookeeperStore() throws Exception {
		TestingServer zookeeper = TestZookeeper.startServer();
		this.resources.add(zookeeper);
		ConfigurableApplicationContext context = startExposed("leader.node-id=zk-node",
				"leader.zookeeper.connect-string=" + zookeeper.getConnectString(),
				"management.endpoint.health.show-details=always");
		long token = awaitLeading(context, "reports");
		context.getBean(ReportJob.class).run();
		JsonNode body = json.readTree(get(context, "/actuator/leader").body());
		assertThat(body.get("node").asString()).isEqualTo("zk-node");
		assertThat(body.get("store").asString()).isEqualTo("zookeeper");
		JsonNode group = body.get("groups").get("reports");
		// The holder is the coordinator's instance: the node id, '#' and a per-start
		// nonce.
		assertThat(group.get("leader").asString()).isEqualTo("zk-node");
		assertThat(group.get("leaderInstance").asString())
			.isEqualTo(context.getBean(LeaderCoordinator.class).instanceId())
			.startsWith("zk-node#");
		assertThat(group.get("token").asLong()).isEqualTo(token);
		assertThat(group.get("thisNodeLeads").asBoolean()).isTrue();
		assertThat(group.get("active").asBoolean()).isTrue();
		assertThat(body.get("jobs").get(0).get("lastOutcome").asString()).isEqualTo("RAN");
		assertThat(get(context, "/actuator/leader/no-such-group").statusCode()).isEqualTo(404);
		JsonNode health = json.readTree(get(context, "/actuator/health/leader").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("store").asString()).isEqualTo("zookeeper");
	}

	@Test
	void yieldIsRefusedByDefault() throws Exception {
		ConfigurableApplicationContext context = startExposed();
		awaitLeading(context, "reports");
		HttpResponse<String> response = post(context, "/actuator/leader/reports");
		assertThat(response.statusCode()).isBetween(400, 499);
		assertThat(context.getBean(LeaderCoordinator.class).isLeader("reports")).isTrue();
	}

	@Test
	void yieldWorksWhenAccessIsGranted() throws Exception {
		ConfigurableApplicationContext context = startExposed("management.endpoint.leader.access=unrestricted");
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		long before = awaitLeading(context, "reports");
		HttpResponse<String> response = post(context, "/actuator/leader/reports");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("yielded").asBoolean()).isTrue();
		assertThat(body.get("group").asString()).isEqualTo("reports");
		// Alone in the cluster, the node takes the group back after its back-off, with a
		// new token.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> coordinator.token("reports").map((token) -> token.value() > before).orElse(false));
		assertThat(post(context, "/actuator/leader/no-such-group").statusCode()).isEqualTo(404);
	}

	@Test
	void drainKeepsTheNodeOutUntilResumedPerGroupAndForTheWholeNode() throws Exception {
		ConfigurableApplicationContext context = startExposed("management.endpoint.leader.access=unrestricted");
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		long before = awaitLeading(context, "reports");
		JsonNode drained = json.readTree(post(context, "/actuator/leader/reports", "{\"action\":\"drain\"}").body());
		assertThat(drained.get("action").asString()).isEqualTo("drain");
		assertThat(drained.get("changed").asBoolean()).isTrue();
		assertThat(drained.get("drained").asBoolean()).isTrue();
		// Unlike after a yield, the node does not take the group back, alone as it is.
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> !coordinator.isLeader("reports"));
		JsonNode group = json.readTree(get(context, "/actuator/leader/reports").body());
		assertThat(group.get("drained").asBoolean()).isTrue();
		assertThat(group.get("thisNodeLeads").asBoolean()).isFalse();
		JsonNode resumed = json.readTree(post(context, "/actuator/leader/reports", "{\"action\":\"resume\"}").body());
		assertThat(resumed.get("changed").asBoolean()).isTrue();
		assertThat(resumed.get("drained").asBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> coordinator.token("reports").map((token) -> token.value() > before).orElse(false));

		JsonNode node = json.readTree(post(context, "/actuator/leader", "{\"action\":\"drain\"}").body());
		assertThat(node.get("changed").get(0).asString()).isEqualTo("reports");
		assertThat(node.get("drained").get(0).asString()).isEqualTo("reports");
		assertThat(coordinator.drainedGroups()).containsExactly("reports");
		node = json.readTree(post(context, "/actuator/leader", "{\"action\":\"resume\"}").body());
		assertThat(node.get("drained").isEmpty()).isTrue();
		awaitLeading(context, "reports");

		assertThat(post(context, "/actuator/leader/reports", "{\"action\":\"explode\"}").statusCode()).isEqualTo(400);
		assertThat(post(context, "/actuator/leader", "{\"action\":\"yield\"}").statusCode()).isEqualTo(400);
		assertThat(post(context, "/actuator/leader", "{}").statusCode()).as("the node's action is required")
			.isEqualTo(400);
		assertThat(post(context, "/actuator/leader/no-such-group", "{\"action\":\"drain\"}").statusCode())
			.isEqualTo(404);
		assertThat(coordinator.isLeader("reports")).isTrue();
	}

	/**
	 * {@code POST /actuator/leader/{group}} with {@code pause}/{@code unpause} sets the
	 * group's flag in the store: the node keeps leading with its token while its
	 * {@code @LeaderOnly} calls are skipped as paused; the endpoint, the health details
	 * (still up) and the info show it. Refused without write access, 400 for an unknown
	 * action, 404 for a group this node does not campaign for, as drain is.
	 */
	@Test
	void pauseSkipsTheGroupsJobsWhileTheLeaderKeepsItsTokenUntilUnpaused() throws Exception {
		ConfigurableApplicationContext readOnly = startExposed();
		awaitLeading(readOnly, "reports");
		assertThat(post(readOnly, "/actuator/leader/reports", "{\"action\":\"pause\"}").statusCode())
			.as("refused by default")
			.isBetween(400, 499);
		assertThat(readOnly.getBean(LeaderCoordinator.class).pausedGroups()).isEmpty();
		readOnly.close();

		ConfigurableApplicationContext context = start("spring.datasource.url=" + this.database,
				"management.endpoints.web.exposure.include=leader,health,info",
				"management.endpoint.leader.access=unrestricted", "management.endpoint.health.show-details=always");
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		long token = awaitLeading(context, "reports");
		JsonNode paused = json.readTree(post(context, "/actuator/leader/reports", "{\"action\":\"pause\"}").body());
		assertThat(paused.get("action").asString()).isEqualTo("pause");
		assertThat(paused.get("changed").asBoolean()).isTrue();
		assertThat(paused.get("paused").asBoolean()).isTrue();
		JsonNode again = json.readTree(post(context, "/actuator/leader/reports", "{\"action\":\"pause\"}").body());
		assertThat(again.get("changed").asBoolean()).as("paused already").isFalse();
		ReportJob job = context.getBean(ReportJob.class);
		job.run();
		JsonNode leader = json.readTree(get(context, "/actuator/leader").body());
		assertThat(leader.get("paused").get(0).asString()).isEqualTo("reports");
		JsonNode group = json.readTree(get(context, "/actuator/leader/reports").body());
		assertThat(group.get("paused").asBoolean()).isTrue();
		assertThat(group.get("thisNodeLeads").asBoolean()).isTrue();
		assertThat(group.get("token").asLong()).isEqualTo(token);
		assertThat(leader.get("jobs").get(0).get("lastOutcome").asString()).isEqualTo("SKIPPED");
		JsonNode health = json.readTree(get(context, "/actuator/health/leader").body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("details").get("paused").get(0).asString()).isEqualTo("reports");
		JsonNode info = json.readTree(get(context, "/actuator/info").body()).get("leader");
		assertThat(info.get("paused").get(0).asString()).isEqualTo("reports");
		JsonNode unpaused = json.readTree(post(context, "/actuator/leader/reports", "{\"action\":\"unpause\"}").body());
		assertThat(unpaused.get("changed").asBoolean()).isTrue();
		assertThat(unpaused.get("paused").asBoolean()).isFalse();
		job.run();
		leader = json.readTree(get(context, "/actuator/leader").body());
		assertThat(leader.get("paused").isEmpty()).isTrue();
		assertThat(leader.get("jobs").get(0).get("lastOutcome").asString()).isEqualTo("RAN");
		assertThat(coordinator.token("reports").orElseThrow().value()).as("the leader kept its token").isEqualTo(token);
		assertThat(post(context, "/actuator/leader/reports", "{\"action\":\"pausenow\"}").statusCode()).isEqualTo(400);
		assertThat(post(context, "/actuator/leader/no-such-group", "{\"action\":\"pause\"}").statusCode())
			.isEqualTo(404);
		assertThat(coordinator.pausedGroups()).isEmpty();
	}

	/**
	 * {@code GET /actuator/leader/{group}/history} answers from the store's leadership
	 * history, for any group, with {@code since} as an ISO-8601 instant; a bad
	 * {@code since} is a 400 that says what is expected, another path below a group a
	 * 404. {@code /actuator/info} shows the node, its store and the groups it leads.
	 */
	@Test
	void historyAndInfoShowWhoLedWhen() throws Exception {
		ConfigurableApplicationContext context = startExposed("leader.node-id=node-h",
				"management.endpoints.web.exposure.include=leader,info", "leader.history.max-entries-per-group=50",
				"leader.history.retention=7d");
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		long first = awaitLeading(context, "reports");
		assertThat(coordinator.yield("reports")).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> coordinator.token("reports").map((token) -> token.value() > first).orElse(false));
		long second = coordinator.token("reports").orElseThrow().value();

		HttpResponse<String> response = get(context, "/actuator/leader/reports/history");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("group").asString()).isEqualTo("reports");
		assertThat(body.get("store").asString()).isEqualTo("jdbc");
		assertThat(body.get("kept").asBoolean()).isTrue();
		JsonNode records = body.get("records");
		assertThat(records.size()).isEqualTo(2);
		JsonNode yielded = records.get(0);
		assertThat(yielded.get("token").asLong()).isEqualTo(first);
		assertThat(yielded.get("node").asString()).isEqualTo("node-h");
		assertThat(yielded.get("instance").asString()).isEqualTo(coordinator.instanceId());
		assertThat(yielded.get("endReason").asString()).isEqualTo("YIELDED");
		assertThat(yielded.get("start").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(yielded.get("end").asString()).isGreaterThanOrEqualTo(yielded.get("start").asString());
		assertThat(yielded.get("durationMillis").asLong()).isNotNegative();
		JsonNode open = records.get(1);
		assertThat(open.get("token").asLong()).isEqualTo(second);
		assertThat(open.get("end").isNull()).isTrue();
		assertThat(open.get("endReason").isNull()).isTrue();

		String end = yielded.get("end").asString();
		JsonNode since = json.readTree(get(context, "/actuator/leader/reports/history?since=" + end).body());
		assertThat(since.get("records").size()).isEqualTo(2);
		JsonNode later = json.readTree(
				get(context, "/actuator/leader/reports/history?since=" + Instant.parse(end).plusMillis(1)).body());
		assertThat(later.get("records").size()).isOne();
		assertThat(later.get("since").asString()).isEqualTo(Instant.parse(end).plusMillis(1).toString());

		HttpResponse<String> bad = get(context, "/actuator/leader/reports/history?since=yesterday");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("Invalid 'since' value");
		assertThat(get(context, "/actuator/leader/reports/other").statusCode()).isEqualTo(404);
		JsonNode other = json.readTree(get(context, "/actuator/leader/never-led/history").body());
		assertThat(other.get("records").isEmpty()).as("any group, from the store").isTrue();

		HttpResponse<String> info = get(context, "/actuator/info");
		assertThat(info.statusCode()).isEqualTo(200);
		JsonNode leader = json.readTree(info.body()).get("leader");
		assertThat(leader.get("node").asString()).isEqualTo("node-h");
		assertThat(leader.get("instance").asString()).isEqualTo(coordinator.instanceId());
		assertThat(leader.get("store").asString()).isEqualTo("jdbc");
		assertThat(leader.get("leading").get("reports").asLong()).isEqualTo(second);
		assertThat(leader.get("groups").get(0).asString()).isEqualTo("reports");
		assertThat(leader.get("history").asBoolean()).isTrue();
	}

	@Test
	void healthGoesDownWhenTheStoreIsCutAndUpWhenItHeals() throws Exception {
		TestDatabase database = TestDatabase.POSTGRESQL;
		database.assumeAvailable();
		try (HikariDataSource setup = database.newPool("test", "setup")) {
			JdbcLeaseSchema.create(setup, "leader_lease");
		}
		TcpProxy proxy = new TcpProxy(database.host(), database.port());
		this.resources.add(proxy);
		ConfigurableApplicationContext context = start(
				"spring.datasource.url=" + database.urlVia("test", "127.0.0.1", proxy.port()),
				"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
				"management.endpoints.web.exposure.include=health,leader",
				"management.endpoint.health.show-details=always");
		awaitLeading(context, "reports");
		JsonNode up = json.readTree(get(context, "/actuator/health/leader").body());
		assertThat(up.get("status").asString()).isEqualTo("UP");
		assertThat(up.get("details").get("groups").get("reports").asString()).isEqualTo("leading");

		proxy.cut();
		await().atMost(Duration.ofSeconds(20)).until(() -> get(context, "/actuator/health/leader").statusCode() == 503);
		JsonNode down = json.readTree(get(context, "/actuator/health/leader").body());
		assertThat(down.get("status").asString()).isEqualTo("DOWN");
		assertThat(down.get("details").get("store").asString()).isEqualTo("jdbc");

		proxy.heal();
		await().atMost(Duration.ofSeconds(20)).until(() -> get(context, "/actuator/health/leader").statusCode() == 200);
	}

	private long awaitLeading(ConfigurableApplicationContext context, String group) {
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader(group));
		return coordinator.token(group).orElseThrow().value();
	}

	private ConfigurableApplicationContext startExposed(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.datasource.url=" + this.database,
				"management.endpoints.web.exposure.include=leader,health"));
		all.addAll(List.of(properties));
		return start(all.toArray(String[]::new));
	}

	private ConfigurableApplicationContext start(String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebNode.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "leader.jdbc.lease-duration=2s",
					"leader.jdbc.renew-interval=500ms", "leader.jdbc.retry-interval=100ms")
			.properties(properties)
			.run();
		this.contexts.add(context);
		return context;
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		return post(context, path, "{}");
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path, String body)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(context, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebNode {

		@Bean
		ReportJob reportJob() {
			return new ReportJob();
		}

	}

	static class ReportJob {

		@LeaderOnly("reports")
		public void run() {
		}

	}

}
