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

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.leader.LeaderCoordinator;
import dev.leader.aop.RecentLeaderJobs;
import dev.leader.boot.actuate.LeaderEndpoint;
import dev.leader.boot.actuate.LeaderEndpointWebExtension;

/**
 * The {@code leader} actuator endpoint, when actuator is present and the endpoint is
 * available (exposed and not disabled), with its web extension when it is exposed over
 * HTTP.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@AutoConfiguration(after = LeaderAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(LeaderCoordinator.class)
@ConditionalOnAvailableEndpoint(LeaderEndpoint.class)
public final class LeaderEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LeaderEndpoint leaderEndpoint(LeaderCoordinator coordinator, RecentLeaderJobs jobs) {
		return new LeaderEndpoint(coordinator, jobs);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LeaderEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = LeaderEndpoint.class, exposure = EndpointExposure.WEB)
	LeaderEndpointWebExtension leaderEndpointWebExtension(LeaderEndpoint endpoint) {
		return new LeaderEndpointWebExtension(endpoint);
	}

}
