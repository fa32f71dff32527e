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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.leader.LeaderCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code leader.placement.health-group}, on H2: a node whose named health group is not UP
 * hands its groups over as an unready node does, until the group is UP again.
 */
class LeaderHealthGroupPlacementH2Tests {

	private final String database = "jdbc:h2:mem:health-group-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.database, "leader.node-id=node-a", "leader.groups=billing",
				"management.endpoint.health.group.leading.include=jobs")
		.withBean("jobsHealthIndicator", Switch.class, Switch::new);

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void theHealthGroupIsCheckedOnlyWhenNamed() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ReadinessPlacement.class);
			assertThat(context).doesNotHaveBean(HealthGroupStatus.class);
		});
		this.runner.withPropertyValues("leader.placement.health-group=leading").run((context) -> {
			assertThat(context).hasSingleBean(ReadinessPlacement.class);
			assertThat(context.getBean(HealthGroupStatus.class).name()).isEqualTo("leading");
			assertThat(context.getBean(HealthGroupStatus.class).unfitStatus()).isEmpty();
			context.getBean(Switch.class).set(Status.OUT_OF_SERVICE);
			assertThat(context.getBean(HealthGroupStatus.class).unfitStatus()).contains("OUT_OF_SERVICE");
			context.getBean(Switch.class).set(Status.UNKNOWN);
			assertThat(context.getBean(HealthGroupStatus.class).unfitStatus()).isEmpty();
		});
	}

	@Test
	void theHealthGroupIsFollowedWhenReadinessIsNot() {
		this.runner.withPropertyValues("leader.placement.follow-readiness=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReadinessPlacement.class));
		this.runner
			.withPropertyValues("leader.placement.follow-readiness=false", "leader.placement.health-group=leading")
			.run((context) -> {
				assertThat(context).hasSingleBean(ReadinessPlacement.class);
				assertThat(context).hasSingleBean(HealthGroupStatus.class);
			});
	}

	@Test
	void anUnknownHealthGroupFailsStartUpNamingThePropertyAndTheKnownGroups() {
		this.runner.withPropertyValues("leader.placement.health-group=leadng").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leader.placement.health-group=leadng names no health group: "
						+ "the health groups are [leading]");
		});
	}

	@Test
	void aHealthGroupWithoutHealthSupportFailsStartUp() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.withPropertyValues("spring.datasource.url=" + this.database, "leader.placement.health-group=leading")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("leader.placement.health-group=leading needs Spring Boot's health support");
			});
		this.runner
			.withPropertyValues("leader.placement.health-group=leading", "management.endpoint.health.access=NONE")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("leader.placement.health-group=leading needs Spring Boot's health endpoint");
			});
	}

	@Test
	void aNodeWhoseHealthGroupIsDownHandsItsGroupsOverUntilItIsUpAgain() {
		Switch firstHealth = new Switch();
		ConfigurableApplicationContext first = startNode("node-1", firstHealth);
		LeaderCoordinator firstCoordinator = first.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> firstCoordinator.isLeader("billing"));
		ConfigurableApplicationContext second = startNode("node-2", new Switch());
		LeaderCoordinator secondCoordinator = second.getBean(LeaderCoordinator.class);
		long before = firstCoordinator.token("billing").orElseThrow().value();
		firstHealth.set(Status.DOWN);
		// Nothing moves before the status has stayed down for readiness-delay (1 s).
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(1))
			.until(() -> firstCoordinator.drainedGroups().isEmpty());
		await().atMost(Duration.ofSeconds(10)).until(() -> secondCoordinator.isLeader("billing"));
		assertThat(secondCoordinator.token("billing").orElseThrow().value()).isGreaterThan(before);
		assertThat(firstCoordinator.drainedGroups()).containsExactly("billing");
		// Either reason keeps the node out until both are fine.
		AvailabilityChangeEvent.publish(first, ReadinessState.REFUSING_TRAFFIC);
		firstHealth.set(Status.UP);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(1))
			.until(() -> firstCoordinator.drainedGroups().contains("billing"));
		AvailabilityChangeEvent.publish(first, ReadinessState.ACCEPTING_TRAFFIC);
		await().atMost(Duration.ofSeconds(10)).until(() -> firstCoordinator.drainedGroups().isEmpty());
		assertThat(secondCoordinator.isLeader("billing")).as("a healthy node does not take the group back").isTrue();
		// The group moves back once the other node's health group goes down.
		second.getBean("jobsHealthIndicator", Switch.class).set(Status.OUT_OF_SERVICE);
		await().atMost(Duration.ofSeconds(10)).until(() -> firstCoordinator.isLeader("billing"));
	}

	@Test
	void aGroupIsNotLeftWithoutALeaderWhenTheOnlyNodeIsDown() {
		Switch health = new Switch();
		ConfigurableApplicationContext alone = startNode("node-1", health,
				"leader.placement.readiness-handover-timeout=1s");
		LeaderCoordinator coordinator = alone.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
		long before = coordinator.token("billing").orElseThrow().value();
		health.set(Status.DOWN);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> coordinator.token("billing").map((token) -> token.value() > before).orElse(false));
		assertThat(coordinator.drainedGroups()).isEmpty();
	}

	private ConfigurableApplicationContext startNode(String name, Switch health, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(HealthCheckedNode.class)
			.web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + this.database, "spring.main.banner-mode=off",
					"leader.node-id=" + name, "leader.groups=billing", "leader.jdbc.lease-duration=2s",
					"leader.jdbc.renew-interval=500ms", "leader.jdbc.retry-interval=100ms",
					"management.endpoint.health.group.leading.include=jobs", "leader.placement.health-group=leading",
					"leader.placement.health-check-interval=100ms")
			.properties(properties)
			.initializers(
					(initialized) -> initialized.getBeanFactory().registerSingleton("jobsHealthIndicator", health))
			.run();
		this.nodes.add(context);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class HealthCheckedNode {

	}

	/**
	 * A health indicator a test flips.
	 */
	static class Switch implements HealthIndicator {

		private volatile Status status = Status.UP;

		void set(Status status) {
			this.status = status;
		}

		@Override
		public Health health() {
			return Health.status(this.status).build();
		}

	}

}
