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
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.PlacementState;
import dev.leader.aop.RecentLeaderJobs;
import dev.leader.boot.actuate.LeaderEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Where a group may run ({@code leader.placement.groups.<group>.nodes/.tags} with
 * {@code leader.node-tags}), on H2: a node never campaigns for a group it is not eligible
 * for, says why, and a cluster keeps the group on its eligible nodes.
 */
class LeaderPlacementH2Tests {

	private final String database = "jdbc:h2:mem:placement-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.database, "leader.node-id=node-a",
				"leader.groups=billing,reports");

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aNodeDoesNotCampaignForAGroupItIsNotEligibleForAndSaysWhy() {
		this.runner.withPropertyValues("leader.placement.groups.billing.nodes=node-b,node-c").run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			assertThat(coordinator.groups()).containsExactly("reports");
			assertThat(coordinator.ineligibleGroups()).containsOnlyKeys("billing");
			assertThat(coordinator.ineligibleGroups().get("billing"))
				.contains("not among leader.placement.groups.billing.nodes [node-b, node-c]");
		});
	}

	@Test
	void aNodeIsEligibleByItsIdOrByOneOfTheGroupsTags() {
		this.runner
			.withPropertyValues("leader.placement.groups.billing.nodes=node-a",
					"leader.placement.groups.reports.tags=eu,us", "leader.node-tags=eu,batch")
			.run((context) -> {
				LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
				assertThat(coordinator.groups()).containsExactly("billing", "reports");
				assertThat(coordinator.ineligibleGroups()).isEmpty();
			});
		this.runner.withPropertyValues("leader.placement.groups.reports.tags=eu", "leader.node-tags=us")
			.run((context) -> assertThat(context.getBean(LeaderCoordinator.class).ineligibleGroups().get("reports"))
				.contains("carries none of leader.placement.groups.reports.tags [eu] (leader.node-tags: [us])"));
	}

	@Test
	void invalidPlacementIsExplainedWithThePropertyName() {
		this.runner.withPropertyValues("leader.placement.groups.billing.nodes=not a node").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Invalid leader.placement.groups.billing: Node id 'not a node' is invalid");
		});
		this.runner.withPropertyValues("leader.node-tags[0]=eu", "leader.node-tags[1]=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Invalid leader.node-tags: tag '' must be non-blank");
		});
	}

	@Test
	void balancingPropertiesReachTheCoordinator() {
		this.runner
			.withPropertyValues("leader.placement.capacity=7", "leader.placement.groups.billing.weight=3",
					"leader.placement.groups.billing.preferred=node-a")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PlacementState placement = context.getBean(LeaderCoordinator.class).placement().orElseThrow();
				assertThat(placement.balancing()).isTrue();
				assertThat(placement.capacity()).isEqualTo(7);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(
							() -> assertThat(context.getBean(LeaderCoordinator.class).placement().orElseThrow().load())
								.isEqualTo(4));
			});
		this.runner.withPropertyValues("leader.placement.balance=false")
			.run((context) -> assertThat(context.getBean(LeaderCoordinator.class).placement().orElseThrow().balancing())
				.isFalse());
	}

	@Test
	void invalidBalancingPropertiesAreExplainedWithThePropertyName() {
		this.runner.withPropertyValues("leader.placement.groups.billing.weight=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leader.placement.groups.billing.weight must be at least 1, was 0");
		});
		this.runner.withPropertyValues("leader.placement.capacity=-1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("leader.placement.capacity must be 0 (no cap) or positive, was -1");
		});
		this.runner.withPropertyValues("leader.placement.groups.billing.preferred[0]=").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Invalid leader.placement.groups.billing.preferred: '' must be a node id or a "
						+ "node tag (leader.node-tags)");
		});
	}

	@Test
	void aClusterKeepsTheGroupOnItsEligibleNodesEvenWhenNoneIsLeft() {
		List<String> ran = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext us = startNode("us-1", "us", ran);
		ConfigurableApplicationContext eu = startNode("eu-1", "eu", ran);
		LeaderCoordinator euCoordinator = eu.getBean(LeaderCoordinator.class);
		LeaderCoordinator usCoordinator = us.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> euCoordinator.isLeader("billing"));
		await().atMost(Duration.ofSeconds(10)).until(() -> ran.contains("eu-1"));
		assertThat(usCoordinator.ineligibleGroups()).containsOnlyKeys("billing");
		eu.close();
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> !usCoordinator.isLeader("billing"));
		assertThat(ran).containsOnly("eu-1");
	}

	@Test
	void aGroupMovesToALiveNodePreferredByTagAfterTheSettleDelayAndEveryNodeShowsWhereItMayRun() {
		Duration settle = Duration.ofSeconds(2);
		String[] placement = { "leader.placement.groups.billing.tags=region-a,region-b",
				"leader.placement.groups.billing.preferred=region-a",
				"leader.placement.settle-delay=" + settle.toMillis() + "ms", "leader.placement.backup-delay=300ms" };
		List<String> ran = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext b = startNode("b-1", "region-b", ran, placement);
		LeaderCoordinator bCoordinator = b.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> bCoordinator.isLeader("billing"));
		long before = bCoordinator.token("billing").orElseThrow().value();
		// A node that campaigns, but may not lead billing, and a node preferred by tag.
		ConfigurableApplicationContext c = startNode("c-1", "region-c", ran,
				append(placement, "leader.groups=reports"));
		ConfigurableApplicationContext a = startNode("a-1", "region-a,batch", ran, placement);
		LeaderCoordinator aCoordinator = a.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> bCoordinator.placement().orElseThrow().nodes().containsKey("a-1"));
		long seen = System.nanoTime();
		await().atMost(Duration.ofSeconds(20)).until(() -> aCoordinator.isLeader("billing"));
		// Counted from b-1's exchange that first showed a-1, which came before the check.
		assertThat(Duration.ofNanos(System.nanoTime() - seen)).isGreaterThan(settle.minusMillis(600));
		assertThat(aCoordinator.token("billing").orElseThrow().value()).isGreaterThan(before);
		assertThat(bCoordinator.isLeader("billing")).isFalse();
		for (ConfigurableApplicationContext node : List.of(a, b, c)) {
			LeaderCoordinator coordinator = node.getBean(LeaderCoordinator.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				PlacementState.Group billing = coordinator.placement("billing").orElseThrow();
				assertThat(billing.eligibleNodes()).containsExactly("a-1", "b-1");
				assertThat(billing.preferredNodes()).containsExactly("a-1");
				PlacementState.Node preferred = coordinator.placement().orElseThrow().nodes().get("a-1");
				assertThat(preferred).isNotNull();
				assertThat(preferred.tags()).containsExactly("batch", "region-a");
				assertThat(preferred.groups()).containsExactly("billing");
				assertThat(preferred.campaigning()).isTrue();
				assertThat(preferred.share()).isEqualTo(1);
				assertThat(coordinator.placement().orElseThrow().nodes()).containsOnlyKeys("a-1", "b-1", "c-1");
			});
		}
		LeaderEndpoint.LeaderDescriptor fromC = new LeaderEndpoint(c.getBean(LeaderCoordinator.class),
				new RecentLeaderJobs())
			.leader();
		assertThat(fromC.ineligible()).containsOnlyKeys("billing");
		PlacementState.Node self = fromC.placement().nodes().get("c-1");
		assertThat(self.thisNode()).isTrue();
		assertThat(self.tags()).containsExactly("region-c");
		assertThat(self.groups()).containsExactly("reports");
		LeaderEndpoint.GroupDescriptor billing = new LeaderEndpoint(bCoordinator, new RecentLeaderJobs())
			.group("billing");
		assertThat(billing.leader()).isEqualTo("a-1");
		assertThat(billing.eligibleNodes()).containsExactly("a-1", "b-1");
		assertThat(billing.preferredNodes()).containsExactly("a-1");
		// The preferred node keeps the group: nothing moves back.
		await().during(settle.plusSeconds(1))
			.atMost(settle.plusSeconds(2))
			.until(() -> aCoordinator.isLeader("billing"));
	}

	private static String[] append(String[] properties, String... more) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

	@Test
	void aNodeThatStopsBeingReadyHandsItsGroupsOverUntilItIsReadyAgain() {
		List<String> ran = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext first = startNode("eu-1", "eu", ran);
		LeaderCoordinator firstCoordinator = first.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> firstCoordinator.isLeader("billing"));
		ConfigurableApplicationContext second = startNode("eu-2", "eu", ran);
		LeaderCoordinator secondCoordinator = second.getBean(LeaderCoordinator.class);
		long before = firstCoordinator.token("billing").orElseThrow().value();
		AvailabilityChangeEvent.publish(first, ReadinessState.REFUSING_TRAFFIC);
		await().atMost(Duration.ofSeconds(10)).until(() -> secondCoordinator.isLeader("billing"));
		assertThat(secondCoordinator.token("billing").orElseThrow().value()).isGreaterThan(before);
		assertThat(firstCoordinator.drainedGroups()).containsExactly("billing");
		AvailabilityChangeEvent.publish(first, ReadinessState.ACCEPTING_TRAFFIC);
		await().atMost(Duration.ofSeconds(10)).until(() -> firstCoordinator.drainedGroups().isEmpty());
		assertThat(secondCoordinator.isLeader("billing")).as("a ready node does not take the group back").isTrue();
		// The group moves back once the other node stops being ready.
		AvailabilityChangeEvent.publish(second, ReadinessState.REFUSING_TRAFFIC);
		await().atMost(Duration.ofSeconds(10)).until(() -> firstCoordinator.isLeader("billing"));
	}

	@Test
	void aGroupIsNotLeftWithoutALeaderWhenNoOtherNodeTakesOver() {
		List<String> ran = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext alone = startNode("eu-1", "eu", ran,
				"leader.placement.readiness-handover-timeout=1s");
		LeaderCoordinator coordinator = alone.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
		long before = coordinator.token("billing").orElseThrow().value();
		AvailabilityChangeEvent.publish(alone, ReadinessState.REFUSING_TRAFFIC);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> coordinator.token("billing").map((token) -> token.value() > before).orElse(false));
		assertThat(coordinator.drainedGroups()).isEmpty();
	}

	@Test
	void refusingTrafficAsAContextClosesMovesNothing() {
		ConfigurableApplicationContext node = startNode("eu-1", "eu", new CopyOnWriteArrayList<>(),
				"leader.placement.readiness-delay=200ms");
		LeaderCoordinator coordinator = node.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
		// What a web application's context does as it closes: readiness first, then
		// the closed event (published here by hand, so that the context stays up for
		// longer than the delay, as one draining its web requests does).
		AvailabilityChangeEvent.publish(node, ReadinessState.REFUSING_TRAFFIC);
		node.publishEvent(new ContextClosedEvent(node));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(2))
			.until(() -> coordinator.drainedGroups().isEmpty() && coordinator.isLeader("billing"));
	}

	@Test
	void readinessIsIgnoredWhenTurnedOff() {
		this.runner.withPropertyValues("leader.placement.follow-readiness=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReadinessPlacement.class));
		this.runner.run((context) -> assertThat(context).hasSingleBean(ReadinessPlacement.class));
	}

	private ConfigurableApplicationContext startNode(String name, String tag, List<String> ran, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(PlacedNode.class)
			.web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + this.database, "spring.main.banner-mode=off",
					"leader.node-id=" + name, "leader.node-tags=" + tag, "leader.placement.groups.billing.tags=eu",
					"leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
					"leader.jdbc.retry-interval=100ms")
			.properties(properties)
			.initializers((initialized) -> initialized.getBeanFactory().registerSingleton("ranBy", ran))
			.run();
		this.nodes.add(context);
		return context;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableScheduling
	static class PlacedNode {

		@Bean
		BillingJob billingJob(LeaderCoordinator coordinator, List<String> ranBy) {
			return new BillingJob(coordinator, ranBy);
		}

	}

	static class BillingJob {

		private final LeaderCoordinator coordinator;

		private final List<String> ranBy;

		BillingJob(LeaderCoordinator coordinator, List<String> ranBy) {
			this.coordinator = coordinator;
			this.ranBy = ranBy;
		}

		@Scheduled(fixedRate = 100)
		@LeaderOnly("billing")
		public void charge() {
			LeaderContext.require();
			this.ranBy.add(this.coordinator.nodeId());
		}

	}

}
