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

package dev.leader.boot.autoconfigure.fencing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.jdbc.JdbcFencingTokenRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a receiving Spring MVC service, each its own application context on a
 * random port, share the JDBC registry. A new leader's request (token n+1) reaches the
 * first instance; then the superseded leader's late request (token n) reaches the second,
 * which refuses it with 409 and a problem body naming the group, the stale and the
 * current token. The new leader's requests keep going through on both. Senders call
 * through a {@code RestClient} with the fencing interceptor, inside a bound
 * {@link LeaderContext} as a {@code @LeaderOnly} call would be. The instances live for
 * the whole class; each test uses groups of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FencedReceiverClusterContractTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private final RestClient.Builder client = RestClient.builder()
		.requestInterceptor(new FencingTokenClientInterceptor())
		.defaultStatusHandler((status) -> true, (request, response) -> {
		});

	protected abstract List<String> databaseProperties();

	protected abstract void dropTable(ConfigurableApplicationContext instance);

	@BeforeAll
	void startTwoInstances() {
		start();
		start();
	}

	@AfterAll
	void stop() {
		if (!this.instances.isEmpty()) {
			dropTable(this.instances.get(0));
		}
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	private void start() {
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"spring.autoconfigure.exclude=dev.leader.boot.autoconfigure.LeaderAutoConfiguration",
				"leader.fencing.server.paths=/charges/**", "leader.fencing.server.registry=jdbc",
				"leader.fencing.server.jdbc.initialize-schema=always"));
		properties.addAll(databaseProperties());
		this.instances.add(new SpringApplicationBuilder(FencedReceiver.class).web(WebApplicationType.SERVLET)
			.properties(properties.toArray(String[]::new))
			.run());
	}

	@Test
	void theSupersededLeadersLateRequestIsRefusedByTheOtherInstance() {
		ConfigurableApplicationContext one = this.instances.get(0);
		ConfigurableApplicationContext two = this.instances.get(1);
		assertThat(one.getBean(FencingTokenRegistry.class)).isInstanceOf(JdbcFencingTokenRegistry.class);
		FencingToken superseded = new FencingToken("billing", 7, "node-a");
		FencingToken current = new FencingToken("billing", 8, "node-b");
		assertThat(as(superseded, () -> post(one, "/charges", "period-1")).getStatusCode().value()).isEqualTo(200);
		assertThat(as(current, () -> post(one, "/charges", "period-2")).getStatusCode().value()).isEqualTo(200);

		ResponseEntity<String> late = as(superseded, () -> post(two, "/charges", "period-3"));

		assertThat(late.getStatusCode().value()).isEqualTo(409);
		assertThat(late.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		JsonNode problem = json.readTree(late.getBody());
		assertThat(problem.get("status").asInt()).isEqualTo(409);
		assertThat(problem.get("title").asString()).isEqualTo("Stale fencing token");
		assertThat(problem.get("group").asString()).isEqualTo("billing");
		assertThat(problem.get("token").asLong()).isEqualTo(7);
		assertThat(problem.get("currentToken").asLong()).isEqualTo(8);
		assertThat(problem.get("instance").asString()).isEqualTo("/charges");
		assertThat(problem.get("detail").asString()).contains("stale");
		assertThat(effects(two)).noneMatch((effect) -> effect.contains("period"));

		assertThat(as(current, () -> post(two, "/charges", "period-3")).getStatusCode().value()).isEqualTo(200);
		assertThat(as(current, () -> post(one, "/refunds", "period-1")).getStatusCode().value()).isEqualTo(200);
		assertThat(as(superseded, () -> post(one, "/refunds", "period-1")).getStatusCode().value()).isEqualTo(409);
		assertThat(effects(one)).filteredOn((effect) -> effect.contains("period"))
			.containsExactly("charge period-1 under billing:7", "charge period-2 under billing:8",
					"refund period-1 under billing:8");
		assertThat(effects(two)).filteredOn((effect) -> effect.contains("period"))
			.containsExactly("charge period-3 under billing:8");
	}

	@Test
	void fencedEndpointsRequireATokenOfTheirGroupAndOtherPathsAreNotChecked() {
		ConfigurableApplicationContext one = this.instances.get(0);
		ResponseEntity<String> missing = post(one, "/refunds", "r-1");
		assertThat(missing.getStatusCode().value()).isEqualTo(428);
		assertThat(json.readTree(missing.getBody()).get("group").asString()).isEqualTo("billing");
		ResponseEntity<String> foreign = as(new FencingToken("reports", 3, "node-a"),
				() -> post(one, "/refunds", "r-1"));
		assertThat(foreign.getStatusCode().value()).isEqualTo(400);
		assertThat(json.readTree(foreign.getBody()).get("detail").asString()).contains("'billing'", "'reports'");
		ResponseEntity<String> malformed = this.client.build()
			.post()
			.uri(url(one, "/charges"))
			.header("Fencing-Token", "billing:seven")
			.body("c-1")
			.retrieve()
			.toEntity(String.class);
		assertThat(malformed.getStatusCode().value()).isEqualTo(400);
		assertThat(malformed.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(post(one, "/charges", "no-token").getStatusCode().value())
			.as("require-token is off: a request without the header passes")
			.isEqualTo(200);
		assertThat(this.client.build().get().uri(url(one, "/status")).retrieve().toEntity(String.class).getBody())
			.isEqualTo("up");
		assertThat(effects(one)).filteredOn((effect) -> !effect.contains("period"))
			.containsExactly("charge no-token under null");
	}

	private ResponseEntity<String> post(ConfigurableApplicationContext instance, String path, String body) {
		return this.client.build()
			.post()
			.uri(url(instance, path))
			.contentType(MediaType.TEXT_PLAIN)
			.body(body)
			.retrieve()
			.toEntity(String.class);
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	private static <T> T as(FencingToken token, Supplier<T> call) {
		try (LeaderContext.Scope scope = LeaderContext.bind(token)) {
			return call.get();
		}
	}

	private static String url(ConfigurableApplicationContext instance, String path) {
		return "http://127.0.0.1:" + instance.getEnvironment().getProperty("local.server.port") + path;
	}

	private static List<String> effects(ConfigurableApplicationContext instance) {
		return instance.getBean(FencedReceiver.Effects.class).accepted();
	}

}
