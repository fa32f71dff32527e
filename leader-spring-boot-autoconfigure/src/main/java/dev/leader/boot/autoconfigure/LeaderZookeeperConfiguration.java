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

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.zookeeper.ZookeeperLeaderCoordinator;

/**
 * The ZooKeeper store: a {@link ZookeeperLeaderCoordinator} over the application's
 * {@link CuratorFramework}, or one built from {@code leader.zookeeper.*}. Without either,
 * {@link LeaderStoreMissingConfiguration} explains what to set.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ CuratorFramework.class, LeaderInitiator.class })
@Conditional(OnStoreCondition.OnZookeeperStore.class)
class LeaderZookeeperConfiguration {

	/**
	 * Curator retries a failed operation this many times, first after a tenth of the
	 * session timeout, backing off exponentially up to the session timeout.
	 */
	static final int MAX_RETRIES = 3;

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@Conditional(OnStoreCondition.OnZookeeperConnectString.class)
	CuratorFramework leaderCuratorFramework(LeaderProperties properties) {
		LeaderProperties.Zookeeper zookeeper = properties.getZookeeper();
		StoreTimings.zookeeperClient(zookeeper);
		int sessionMillis = toIntMillis(zookeeper.getSessionTimeout());
		CuratorFramework client = CuratorFrameworkFactory.builder()
			.connectString(zookeeper.getConnectString())
			.sessionTimeoutMs(sessionMillis)
			.connectionTimeoutMs(toIntMillis(zookeeper.getConnectionTimeout()))
			.retryPolicy(new ExponentialBackoffRetry(Math.max(1, sessionMillis / 10), MAX_RETRIES, sessionMillis))
			.build();
		client.start();
		return client;
	}

	@Bean
	@ConditionalOnBean(CuratorFramework.class)
	@ConditionalOnMissingBean(LeaderCoordinator.class)
	ZookeeperLeaderCoordinator leaderCoordinator(LeaderProperties properties, CuratorFramework client,
			ObjectProvider<LeaderCoordinatorBuilderCustomizer> customizers) {
		ZookeeperLeaderCoordinator.Builder builder = ZookeeperLeaderCoordinator.builder(client)
			.retryInterval(StoreTimings.zookeeperRetryInterval(properties.getZookeeper()));
		try {
			builder.root(properties.getZookeeper().getRoot());
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException("Invalid leader.zookeeper.root: " + ex.getMessage());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static int toIntMillis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

}
