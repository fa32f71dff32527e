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
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestZookeeper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timings that moved under their store's prefix keep working under their earlier
 * names, deprecated in the metadata with their replacement.
 */
class LeaderPropertiesAliasTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false");

	@Test
	void earlierNamesStillBindAndTakeEffect() {
		this.runner
			.withPropertyValues("leader.lease-duration=4s", "leader.renew-interval=1s", "leader.retry-interval=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LeaseCoordinator.class).timings())
					.isEqualTo(new LeaseTimings(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofMillis(200)));
				assertThat(context.getBean(LeaderProperties.class).getZookeeper().getRetryInterval())
					.isEqualTo(Duration.ofMillis(200));
			});
	}

	@Test
	void theStoresOwnNameWinsOverTheEarlierOne() {
		this.runner.withPropertyValues("leader.lease-duration=4s", "leader.jdbc.lease-duration=6s")
			.run((context) -> assertThat(context.getBean(LeaseCoordinator.class).timings().leaseDuration())
				.isEqualTo(Duration.ofSeconds(6)));
	}

	@Test
	void messagesNameThePropertyThatWasSet() {
		this.runner.withPropertyValues("leader.lease-duration=10s", "leader.jdbc.renew-interval=6s").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(
					"leader.jdbc.renew-interval (6000 ms) must be at most half of leader.lease-duration (10000 ms)");
		});
	}

	@Test
	void earlierRetryIntervalAppliesToTheZookeeperStore() throws IOException {
		try (TestingServer zookeeper = TestZookeeper.startServer()) {
			this.runner
				.withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString(),
						"leader.zookeeper.session-timeout=4s", "leader.zookeeper.connection-timeout=2s",
						"leader.retry-interval=5s")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure())
						.getDescription()).contains(
								"leader.retry-interval (5000 ms) must not exceed leader.zookeeper.session-timeout (4000 ms)");
				});
		}
	}

	@Test
	void metadataMarksTheEarlierNamesDeprecatedWithTheirReplacement() {
		JsonNode metadata = JsonMapper.builder()
			.build()
			.readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
		assertDeprecated(metadata, "leader.lease-duration", "leader.jdbc.lease-duration", "10s");
		assertDeprecated(metadata, "leader.renew-interval", "leader.jdbc.renew-interval", "3s");
		assertDeprecated(metadata, "leader.retry-interval", "leader.jdbc.retry-interval", "1s");
		assertThat(property(metadata, "leader.zookeeper.retry-interval").get("defaultValue").asString())
			.isEqualTo("1s");
		assertThat(property(metadata, "leader.jdbc.lease-duration").has("deprecation")).isFalse();
	}

	private static void assertDeprecated(JsonNode metadata, String name, String replacement, String defaultValue) {
		JsonNode property = property(metadata, name);
		assertThat(property.get("deprecated").asBoolean()).as("%s deprecated", name).isTrue();
		assertThat(property.get("deprecation").get("replacement").asString()).isEqualTo(replacement);
		assertThat(property.get("defaultValue").asString()).isEqualTo(defaultValue);
		assertThat(property(metadata, replacement).get("defaultValue").asString()).isEqualTo(defaultValue);
	}

	private static JsonNode property(JsonNode metadata, String name) {
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asString().equals(name)) {
				return property;
			}
		}
		throw new AssertionError("No property " + name + " in the metadata");
	}

}
