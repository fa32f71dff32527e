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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.LeaseFencingTokenRegistry;
import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.http.FencingTokenFilterFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client side on real coordinators (JDBC store on H2): a {@code RestClient} and a
 * {@code WebClient} with the auto-configured interceptor and filter send
 * {@code Fencing-Token} only from inside a {@code @LeaderOnly} call, with the leader's
 * token, to a local server that records the headers it receives; never outside one, and
 * never from a follower (whose call is skipped).
 */
class FencingClientTests {

	private final String database = "jdbc:h2:mem:fencing-client-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

	private HttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::record);
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	private void record(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.received.add(Map.of("path", exchange.getRequestURI().getPath(), "token",
					String.valueOf(exchange.getRequestHeaders().getFirst("Fencing-Token")), "key",
					String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key"))));
			exchange.sendResponseHeaders(204, -1);
		}
	}

	private ApplicationContextRunner node(String nodeId) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class,
					LeaderFencingAutoConfiguration.class))
			.withUserConfiguration(SendersConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + this.database,
					"spring.datasource.generate-unique-name=false", "leader.node-id=" + nodeId,
					"leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
					"leader.jdbc.retry-interval=100ms",
					"test.server=http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@Test
	void theTokenIsSentFromLeaderOnlyCallsOnlyByRestClientAndWebClient() {
		node("leader-node").run((leader) -> {
			FencingToken token = awaitLeading(leader);
			node("follower-node").run((follower) -> {
				Senders senders = leader.getBean(Senders.class);
				senders.outsideLeaderOnlyCall("/outside");
				senders.leaderOnlyRestClient("/rest-client");
				senders.leaderOnlyWebClient("/web-client");
				senders.leaderOnlyWithKey("/with-key");
				follower.getBean(Senders.class).leaderOnlyRestClient("/follower");
				senders.outsideLeaderOnlyCall("/outside-again");
				String header = "billing:" + token.value();
				assertThat(this.received).containsExactly(Map.of("path", "/outside", "token", "null", "key", "null"),
						Map.of("path", "/rest-client", "token", header, "key", "null"),
						Map.of("path", "/web-client", "token", header, "key", "null"),
						Map.of("path", "/with-key", "token", header, "key", "charge-/with-key"),
						Map.of("path", "/outside-again", "token", "null", "key", "null"));
			});
		});
	}

	@Test
	void theLeaseRegistryRefusesASupersededTokenBeforeTheSuccessorSpoke() {
		node("leader-node").run((leader) -> {
			FencingToken first = awaitLeading(leader);
			node("follower-node").run((follower) -> {
				FencingTokenRegistry registry = new LeaseFencingTokenRegistry(
						follower.getBean(LeaderCoordinator.class));
				assertThat(registry.admit("billing", first.value()).admitted()).isTrue();
				assertThat(leader.getBean(LeaderCoordinator.class).yield("billing")).isTrue();
				FencingToken second = awaitLeading(follower);
				assertThat(second.value()).isGreaterThan(first.value());
				FencingTokenRegistry.Admission late = registry.admit("billing", first.value());
				assertThat(late.admitted()).isFalse();
				assertThat(late.highest()).isEqualTo(second.value());
			});
		});
	}

	private static FencingToken awaitLeading(AssertableApplicationContext context) {
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.isLeader("billing"));
		return coordinator.token("billing").orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	static class SendersConfiguration {

		@Bean
		Senders senders(FencingTokenClientInterceptor interceptor, FencingTokenFilterFunction filter,
				Environment environment) {
			return new Senders(interceptor, filter, environment.getRequiredProperty("test.server"));
		}

	}

	static class Senders {

		private final RestClient restClient;

		private final RestClient keyed;

		private final WebClient webClient;

		Senders(FencingTokenClientInterceptor interceptor, FencingTokenFilterFunction filter, String server) {
			this.restClient = RestClient.builder()
				.requestFactory(new JdkClientHttpRequestFactory())
				.baseUrl(server)
				.requestInterceptor(interceptor)
				.build();
			this.keyed = RestClient.builder()
				.requestFactory(new JdkClientHttpRequestFactory())
				.baseUrl(server)
				.requestInterceptor(FencingTokenClientInterceptor
					.withIdempotencyKey((request) -> "charge-" + request.getURI().getPath()))
				.build();
			this.webClient = WebClient.builder()
				.clientConnector(new JdkClientHttpConnector())
				.baseUrl(server)
				.filter(filter)
				.build();
		}

		void outsideLeaderOnlyCall(String path) {
			this.restClient.post().uri(path).retrieve().toBodilessEntity();
		}

		@LeaderOnly("billing")
		public void leaderOnlyRestClient(String path) {
			this.restClient.post().uri(path).retrieve().toBodilessEntity();
		}

		@LeaderOnly("billing")
		public void leaderOnlyWebClient(String path) {
			this.webClient.post().uri(path).retrieve().toBodilessEntity().block(Duration.ofSeconds(10));
		}

		@LeaderOnly("billing")
		public void leaderOnlyWithKey(String path) {
			this.keyed.post().uri(path).retrieve().toBodilessEntity();
		}

	}

}
