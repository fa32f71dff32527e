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

import java.util.Arrays;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;

/**
 * Imported after every store's configuration: when none of them made a
 * {@link LeaderCoordinator} (no database, no ZooKeeper connect string or etcd endpoints,
 * both of these set with {@code leader.store=auto}, or the selected store's library
 * missing), the coordinator this registers fails to be created with a
 * {@link LeaderConfigurationException} that says what to add, which
 * {@link LeaderConfigurationFailureAnalyzer} reports.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(LeaderCoordinator.class)
class LeaderStoreMissingConfiguration {

	private static final String[] ZOOKEEPER_CLASSES = { "org.apache.curator.framework.CuratorFramework",
			"org.springframework.integration.zookeeper.leader.LeaderInitiator" };

	private static final String ETCD_CLASS = "io.etcd.jetcd.Client";

	@Bean
	@ConditionalOnMissingBean
	LeaderCoordinator leaderCoordinator(LeaderProperties properties, Environment environment,
			ResourceLoader resourceLoader) {
		throw new LeaderConfigurationException(switch (OnStoreCondition.selected(environment)) {
			case ZOOKEEPER -> missingZookeeper(properties, resourceLoader.getClassLoader());
			case ETCD -> missingEtcd(properties, environment, resourceLoader.getClassLoader());
			case AUTO -> "leader.store=auto found both leader.zookeeper.connect-string and leader.etcd.endpoints "
					+ "and will not guess which store to use: set leader.store=zookeeper or leader.store=etcd "
					+ "(or remove the other store's setting)";
			default -> "leader.store=" + properties.getStore().name().toLowerCase(Locale.ROOT)
					+ " selects the JDBC store, but the application has no DataSource: add a database "
					+ "(spring-boot-starter-jdbc and spring.datasource.url), define a DataSource bean, "
					+ "or set leader.zookeeper.connect-string to use ZooKeeper or leader.etcd.endpoints to use etcd";
		});
	}

	/**
	 * The etcd store is selected, but its configuration made no coordinator: jetcd is
	 * missing, or no endpoints are set.
	 */
	private static String missingEtcd(LeaderProperties properties, Environment environment,
			@Nullable ClassLoader classLoader) {
		boolean endpoints = OnStoreCondition.hasEtcdEndpoints(Binder.get(environment));
		if (ClassUtils.isPresent(ETCD_CLASS, classLoader)) {
			return "leader.store=etcd needs leader.etcd.endpoints, such as 'http://localhost:2379', "
					+ "or an io.etcd.jetcd.Client bean";
		}
		String selected = (properties.getStore() == LeaderProperties.Store.AUTO)
				? "leader.etcd.endpoints selects the etcd store" : "leader.store=etcd selects the etcd store";
		return selected + ", but jetcd is not on the classpath: add the dependency io.etcd:jetcd-core:0.8.6 "
				+ "(manage its version with dev.leader:leader-bom, see docs/etcd-store.md)"
				+ (endpoints ? "" : " and set leader.etcd.endpoints, such as 'http://localhost:2379'")
				+ ", or use the JDBC store";
	}

	/**
	 * The ZooKeeper store is selected, but its configuration made no coordinator: its
	 * classes are missing, or it has no connect string.
	 */
	private static String missingZookeeper(LeaderProperties properties, @Nullable ClassLoader classLoader) {
		boolean connectString = StringUtils.hasText(properties.getZookeeper().getConnectString());
		boolean classes = Arrays.stream(ZOOKEEPER_CLASSES).allMatch((name) -> ClassUtils.isPresent(name, classLoader));
		if (classes) {
			return "leader.store=zookeeper needs leader.zookeeper.connect-string, such as 'localhost:2181', "
					+ "or a CuratorFramework bean";
		}
		String selected = (properties.getStore() == LeaderProperties.Store.AUTO)
				? "leader.zookeeper.connect-string selects the ZooKeeper store"
				: "leader.store=zookeeper selects the ZooKeeper store";
		return selected + ", but the ZooKeeper classes are not on the classpath: add the dependency "
				+ "org.springframework.integration:spring-integration-zookeeper:7.0.5 (it brings Curator and the "
				+ "ZooKeeper client; manage its version when you import the Spring Boot BOM, see the README)"
				+ (connectString ? "" : " and set leader.zookeeper.connect-string, such as 'localhost:2181'")
				+ ", or use the JDBC store";
	}

}
