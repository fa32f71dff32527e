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

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.leader.LeaderCoordinator;
import dev.leader.boot.actuate.LeaderInfoContributor;

/**
 * The {@code leader} info contributor ({@code /actuator/info}: node, store, groups led),
 * when actuator's info support is present; off with
 * {@code management.info.leader.enabled=false}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@AutoConfiguration(after = LeaderAutoConfiguration.class)
@ConditionalOnClass({ InfoContributor.class, ConditionalOnEnabledInfoContributor.class })
@ConditionalOnBean(LeaderCoordinator.class)
@ConditionalOnEnabledInfoContributor("leader")
public final class LeaderInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LeaderInfoContributor leaderInfoContributor(LeaderCoordinator coordinator) {
		return new LeaderInfoContributor(coordinator);
	}

}
