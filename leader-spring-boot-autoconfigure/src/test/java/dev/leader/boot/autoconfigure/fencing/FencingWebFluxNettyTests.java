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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.leader.http.FencingTokenWebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux filter in a reactive application on a real Netty server: a stale token is
 * refused with a 409 problem, a malformed one with 400, a missing one with 428 (the
 * receiver requires tokens here); paths outside {@code leader.fencing.server.paths} are
 * not checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FencingWebFluxNettyTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ConfigurableApplicationContext context;

	private WebTestClient client;

	@BeforeAll
	void start() {
		this.context = new SpringApplicationBuilder(ReactiveReceiver.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"spring.autoconfigure.exclude=dev.leader.boot.autoconfigure.LeaderAutoConfiguration",
					"leader.fencing.server.paths=/charges/**", "leader.fencing.server.require-token=true")
			.run();
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port"))
			.build();
	}

	@AfterAll
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void staleMalformedAndMissingTokensAreRefusedWithProblems() {
		assertThat(this.context.getBean(FencingTokenWebFilter.class)).isNotNull();
		assertThat(((WebServerApplicationContext) this.context).getWebServer().getClass().getSimpleName())
			.isEqualTo("NettyWebServer");
		charge("billing:4", "one").expectStatus().isOk().expectBody(String.class).isEqualTo("charged one");
		charge("billing:5", "two").expectStatus().isOk();
		JsonNode stale = problem(charge("billing:4", "three"), 409);
		assertThat(stale.get("title").asString()).isEqualTo("Stale fencing token");
		assertThat(stale.get("group").asString()).isEqualTo("billing");
		assertThat(stale.get("token").asLong()).isEqualTo(4);
		assertThat(stale.get("currentToken").asLong()).isEqualTo(5);
		assertThat(stale.get("instance").asString()).isEqualTo("/charges");
		assertThat(problem(charge("billing:four", "four"), 400).get("detail").asString()).contains("billing:four");
		JsonNode missing = problem(this.client.post().uri("/charges").bodyValue("five").exchange(), 428);
		assertThat(missing.get("title").asString()).isEqualTo("Fencing token required");
		this.client.post().uri("/other").bodyValue("six").exchange().expectStatus().isOk();
		assertThat(this.context.getBean(ReactiveReceiver.Effects.class).accepted).containsExactly("charge one",
				"charge two", "other six");
	}

	private static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
		String body = response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		JsonNode problem = json.readTree(body);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

	private WebTestClient.ResponseSpec charge(String token, String body) {
		return this.client.post().uri("/charges").header("Fencing-Token", token).bodyValue(body).exchange();
	}

	/**
	 * A reactive receiving service; the nested controller is registered as a member of
	 * this configuration.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ReactiveReceiver {

		@RestController
		static class Effects {

			private final List<String> accepted = new CopyOnWriteArrayList<>();

			@PostMapping("/charges")
			Mono<String> charge(@RequestBody String body) {
				this.accepted.add("charge " + body);
				return Mono.just("charged " + body);
			}

			@PostMapping("/other")
			Mono<String> other(@RequestBody String body) {
				this.accepted.add("other " + body);
				return Mono.just("done");
			}

		}

	}

}
