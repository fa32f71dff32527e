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

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import dev.leader.LeaderCoordinator;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;
import dev.leader.test.InMemoryLeaderCoordinator;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.LeadershipMode;
import dev.leader.test.RecordedLeaderJobs;

/**
 * Imported by {@link AutoConfigureLeader}: an {@link InMemoryLeaderCoordinator} takes the
 * place of the store-backed coordinator (which backs off, as it is conditional on a
 * missing {@link LeaderCoordinator}), with a {@link LeaderTestSupport}. Its leadership
 * events are published in the context like the real coordinator's, so the leader
 * lifecycle, the actuator and the application's listeners see them.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@AutoConfiguration(before = LeaderAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "leader.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LeaderTestProperties.class)
public final class LeaderTestAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LeaderCoordinator.class)
	InMemoryLeaderCoordinator leaderCoordinator(LeaderTestProperties properties, ApplicationEventPublisher publisher,
			Environment environment) {
		InMemoryLeaderCoordinator.Builder builder = InMemoryLeaderCoordinator.builder()
			.listener(publisher::publishEvent);
		String nodeId = environment.getProperty("leader.node-id");
		if (StringUtils.hasText(nodeId)) {
			builder.nodeId(nodeId);
		}
		LeadershipMode mode = properties.effectiveMode();
		switch (mode) {
			case ALL -> builder.leadAll();
			case NONE -> builder.leadNone();
			case GROUPS -> builder.lead(properties.getGroups());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	RecordedLeaderJobs recordedLeaderJobs() {
		return new RecordedLeaderJobs();
	}

	@Bean
	@ConditionalOnMissingBean
	LeaderTestSupport leaderTestSupport(LeaderCoordinator coordinator, RecordedLeaderJobs jobs) {
		return new LeaderTestSupport(coordinator, jobs);
	}

}
