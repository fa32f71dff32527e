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

package dev.leader.sample.billing.charging;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.leader.LeaderCoordinator;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.jdbc.JdbcFencingTokenRegistry;

/**
 * Chooses the charge transaction's fence by the leader store. The starter defines a
 * {@link JdbcFencingGuard} bean only when the JDBC store is selected
 * ({@code leader.store} {@code jdbc}, or {@code auto} with neither etcd nor ZooKeeper
 * configured): then the guard fences the charges. With any other store the billing
 * database holds no lease row, and the token registry plus a verify with the store do.
 * The choice is made when the bean is created, after the auto-configuration has defined
 * (or not) the guard; a {@code @ConditionalOnBean} on this configuration would be
 * evaluated before it.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
class ChargeFenceConfiguration {

	private static final Log logger = LogFactory.getLog(ChargeFenceConfiguration.class);

	@Bean
	ChargeFence chargeFence(ObjectProvider<JdbcFencingGuard> guard, LeaderCoordinator coordinator,
			DataSource dataSource) {
		JdbcFencingGuard jdbcGuard = guard.getIfAvailable();
		ChargeFence fence = (jdbcGuard != null) ? new GuardChargeFence(jdbcGuard)
				: new RegistryChargeFence(new JdbcFencingTokenRegistry(dataSource), coordinator);
		logger.info("Leader store " + coordinator.store() + ": charges are fenced by " + fence);
		return fence;
	}

}
