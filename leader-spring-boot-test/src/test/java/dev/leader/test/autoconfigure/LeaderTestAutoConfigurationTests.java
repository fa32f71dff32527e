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

package dev.leader.test.autoconfigure;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;
import dev.leader.lease.LeaseStore;
import dev.leader.test.InMemoryLeaderCoordinator;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.LeadershipMode;
import dev.leader.test.app.Billing;
import dev.leader.test.app.LeadershipEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LeaderTestAutoConfiguration} with an {@link ApplicationContextRunner}: the
 * properties that choose the mode, the events, and a context stopped and started again.
 */
class LeaderTestAutoConfigurationTests {

	// tag::runner[]
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class, LeaderTestAutoConfiguration.class))
		.withUserConfiguration(BillingConfiguration.class);

	@Test
	void followsWhenTheModeIsNone() {
		this.runner.withPropertyValues("leader.test.mode=none").run((context) -> {
			LeaderTestSupport leader = context.getBean(LeaderTestSupport.class);
			Billing billing = context.getBean(Billing.class);

			assertThat(billing.chargeDue()).isNull();
			leader.grant("billing");
			assertThat(billing.chargeDue()).isNotNull();
			leader.assertThatJob("Billing.chargeDue").skipped().ran();
		});
	}
	// end::runner[]

	@Test
	void leadsEveryGroupByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(InMemoryLeaderCoordinator.class).hasSingleBean(LeaderTestSupport.class);
			InMemoryLeaderCoordinator coordinator = context.getBean(InMemoryLeaderCoordinator.class);
			assertThat(coordinator.mode()).isEqualTo(LeadershipMode.ALL);
			assertThat(coordinator.nodeId()).isEqualTo(InMemoryLeaderCoordinator.DEFAULT_NODE_ID);
			assertThat(coordinator.isLeader("billing")).isTrue();
			assertThat(context.getBean(Billing.class).chargeDue()).isEqualTo(coordinator.token("billing").get());
		});
	}

	@Test
	void leadsTheGroupsOfLeaderTestGroups() {
		this.runner.withPropertyValues("leader.test.groups=reports", "leader.groups=reports").run((context) -> {
			InMemoryLeaderCoordinator coordinator = context.getBean(InMemoryLeaderCoordinator.class);
			assertThat(coordinator.mode()).isEqualTo(LeadershipMode.GROUPS);
			assertThat(coordinator.groups()).containsExactlyInAnyOrder("billing", "reports");
			assertThat(coordinator.isLeader("reports")).isTrue();
			assertThat(coordinator.isLeader("billing")).isFalse();
		});
	}

	@Test
	void takesTheNodeIdOfLeaderNodeId() {
		this.runner.withPropertyValues("leader.node-id=node-7").run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			assertThat(coordinator.nodeId()).isEqualTo("node-7");
			assertThat(coordinator.token("billing"))
				.hasValueSatisfying((token) -> assertThat(token.holder()).isEqualTo("node-7"));
		});
	}

	@Test
	void groupsModeWithoutGroupsFailsWithAMessage() {
		this.runner.withPropertyValues("leader.test.mode=groups")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("leader.test.mode=groups needs leader.test.groups"));
	}

	@Test
	void groupsWithAnotherModeFailWithAMessage() {
		this.runner.withPropertyValues("leader.test.mode=all", "leader.test.groups=billing")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("leader.test.groups [billing] only applies to leader.test.mode=groups"));
	}

	@Test
	void replacesTheJdbcStoreOfAnApplicationWithADatabase() {
		this.runner
			.withBean(DataSource.class,
					() -> new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"))
			.run((context) -> {
				assertThat(context).hasSingleBean(LeaseStore.class);
				LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
				assertThat(coordinator).isInstanceOf(InMemoryLeaderCoordinator.class);
				assertThat(context.getBean(Billing.class).chargeDue()).isEqualTo(coordinator.token("billing").get());
			});
	}

	@Test
	void backsOffForTheApplicationsOwnCoordinator() {
		InMemoryLeaderCoordinator own = InMemoryLeaderCoordinator.builder().nodeId("own").build();
		this.runner.withBean(LeaderCoordinator.class, () -> own)
			.run((context) -> assertThat(context.getBean(LeaderCoordinator.class)).isSameAs(own));
	}

	@Test
	void doesNothingWhenLeaderIsDisabled() {
		this.runner.withPropertyValues("leader.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeaderCoordinator.class)
				.doesNotHaveBean(LeaderTestSupport.class));
	}

	@Test
	void publishesLeadershipEventsInTheContextBeforeReturning() {
		this.runner.run((context) -> {
			LeaderTestSupport leader = context.getBean(LeaderTestSupport.class);
			LeadershipEvents events = context.getBean(LeadershipEvents.class);
			FencingToken first = leader.awaitLeadership("billing");
			assertThat(events.events()).singleElement()
				.isInstanceOfSatisfying(LeadershipGrantedEvent.class,
						(event) -> assertThat(event.getToken()).isEqualTo(first));

			leader.revoke("billing");
			FencingToken second = leader.grant("billing");

			assertThat(events.events()).hasSize(3);
			assertThat(events.events().get(1)).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (event) -> {
				assertThat(event.getToken()).isEqualTo(first);
				assertThat(event.getReason()).isEqualTo(RevocationReason.LEASE_LOST);
			});
			assertThat(events.events().get(2)).isInstanceOfSatisfying(LeadershipGrantedEvent.class,
					(event) -> assertThat(event.getToken()).isEqualTo(second));
			assertThat(events.events())
				.allSatisfy((event) -> assertThat(event.getSource()).isSameAs(leader.coordinator()));
		});
	}

	@Test
	void leadsAgainWithNewerTokensWhenTheContextIsStoppedAndStarted() {
		this.runner.run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			LeadershipEvents events = context.getBean(LeadershipEvents.class);
			FencingToken first = coordinator.token("billing").orElseThrow();

			context.stop();
			assertThat(coordinator.isLeader("billing")).isFalse();
			assertThat(events.events()).last()
				.isInstanceOfSatisfying(LeadershipRevokedEvent.class,
						(event) -> assertThat(event.getReason()).isEqualTo(RevocationReason.SHUTDOWN));
			context.start();

			FencingToken second = coordinator.token("billing").orElseThrow();
			assertThat(first.isOlderThan(second)).isTrue();
			assertThat(events.events()).last()
				.isInstanceOfSatisfying(LeadershipGrantedEvent.class,
						(event) -> assertThat(event.getToken()).isEqualTo(second));
		});
	}

	@Test
	void leadsAgainWithNewerTokensWhenTheContextIsPausedAndRestarted() {
		this.runner.run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			FencingToken first = coordinator.token("billing").orElseThrow();

			context.pause();
			assertThat(coordinator.isLeader("billing")).isFalse();
			context.restart();

			assertThat(coordinator.token("billing"))
				.hasValueSatisfying((second) -> assertThat(first.isOlderThan(second)).isTrue());
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class BillingConfiguration {

		@Bean
		Billing billing() {
			return new Billing();
		}

		@Bean
		LeadershipEvents leadershipEvents() {
			return new LeadershipEvents();
		}

	}

}
