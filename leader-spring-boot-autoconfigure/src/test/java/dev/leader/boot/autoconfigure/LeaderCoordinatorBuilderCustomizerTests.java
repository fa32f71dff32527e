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
import java.util.UUID;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.leader.LeaderCoordinator;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestZookeeper;
import dev.leader.zookeeper.ZookeeperLeaderCoordinator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared options of every store's coordinator go through the ordered
 * {@link LeaderCoordinatorBuilderCustomizer} chain: the starter's own customizer applies
 * {@code leader.*} first, the application's run after it unless ordered before.
 */
class LeaderCoordinatorBuilderCustomizerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false", "leader.node-id=from-properties",
				"leader.groups=reports");

	@Test
	void userCustomizerRunsAfterThePropertiesAndChangesTheGroupsAndNodeId() {
		this.runner.withUserConfiguration(UnorderedCustomizerConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(LeaseCoordinator.class);
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			assertThat(coordinator.nodeId()).isEqualTo("from-customizer");
			assertThat(coordinator.groups()).containsExactlyInAnyOrder("reports", "billing");
		});
	}

	@Test
	void customizerOrderedBeforeThePropertiesIsOverriddenByThem() {
		this.runner.withUserConfiguration(EarlyCustomizerConfiguration.class).run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			assertThat(coordinator.nodeId()).isEqualTo("from-properties");
			assertThat(coordinator.groups()).containsExactlyInAnyOrder("reports", "early");
		});
	}

	@Test
	void withoutCustomizersThePropertiesApply() {
		this.runner.run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			assertThat(coordinator.nodeId()).isEqualTo("from-properties");
			assertThat(coordinator.groups()).containsExactly("reports");
		});
	}

	@Test
	void theZookeeperCoordinatorGoesThroughTheSameChain() throws IOException {
		try (TestingServer zookeeper = TestZookeeper.startServer()) {
			this.runner.withUserConfiguration(UnorderedCustomizerConfiguration.class)
				.withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString())
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(ZookeeperLeaderCoordinator.class);
					LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
					assertThat(coordinator.nodeId()).isEqualTo("from-customizer");
					assertThat(coordinator.groups()).containsExactlyInAnyOrder("reports", "billing");
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UnorderedCustomizerConfiguration {

		@Bean
		LeaderCoordinatorBuilderCustomizer userCustomizer() {
			return (builder) -> builder.nodeId("from-customizer").groups("billing");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyCustomizerConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		LeaderCoordinatorBuilderCustomizer earlyCustomizer() {
			return (builder) -> builder.nodeId("too-early").groups("early");
		}

	}

}
