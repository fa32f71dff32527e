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
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.boot.actuate.LeaderInfoContributor;
import dev.leader.engine.HistoryRetention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code leader.history.*} and the {@code leader} info contributor.
 */
class LeaderHistoryAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class,
				LeaderInfoContributorAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false", "leader.groups=reports", "leader.node-id=node-i");

	@Test
	void retentionDefaultsAndBinds() {
		this.runner.run((context) -> assertThat(context.getBean(LeaderHistoryProperties.class).toRetention())
			.isEqualTo(HistoryRetention.DEFAULTS));
		this.runner.withPropertyValues("leader.history.retention=90s", "leader.history.max-entries-per-group=5")
			.run((context) -> assertThat(context.getBean(LeaderHistoryProperties.class).toRetention())
				.isEqualTo(new HistoryRetention(Duration.ofSeconds(90), 5, Duration.ofSeconds(90))));
	}

	@Test
	void invalidRetentionFailsAtStartWithThePropertyNamed() {
		this.runner.withPropertyValues("leader.history.max-entries-per-group=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(LeaderConfigurationException.class)
				.hasMessageContaining("leader.history.max-entries-per-group must be at least 1"));
		this.runner.withPropertyValues("leader.history.retention=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("leader.history.retention must be positive"));
	}

	@Test
	void infoContributorSummarisesTheNodeItsStoreAndTheGroupsItLeads() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LeaderInfoContributor.class);
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("reports"));
			Info.Builder builder = new Info.Builder();
			context.getBean(LeaderInfoContributor.class).contribute(builder);
			Map<?, ?> leader = (Map<?, ?>) builder.build().get("leader");
			assertThat(leader.get("node")).isEqualTo("node-i");
			assertThat(leader.get("instance")).isEqualTo(coordinator.instanceId());
			assertThat(leader.get("store")).isEqualTo("jdbc");
			Map<?, ?> leading = (Map<?, ?>) leader.get("leading");
			assertThat(leading.get("reports")).isEqualTo(coordinator.token("reports").orElseThrow().value());
			assertThat(leader.get("history")).isEqualTo(true);
		});
	}

	@Test
	void infoContributorBacksOffForOneOfTheApplicationOrWhenDisabled() {
		this.runner.withPropertyValues("management.info.leader.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeaderInfoContributor.class));
		this.runner.withUserConfiguration(OwnInfo.class)
			.run((context) -> assertThat(context).getBeanNames(LeaderInfoContributor.class)
				.containsExactly("myLeaderInfo"));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnInfo {

		@Bean
		LeaderInfoContributor myLeaderInfo(LeaderCoordinator coordinator) {
			return new LeaderInfoContributor(coordinator);
		}

	}

}
