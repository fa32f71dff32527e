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

import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.etcd.EtcdLeaderCoordinator;
import dev.leader.lease.LeaseTimings;

/**
 * The etcd store: an {@link EtcdLeaderCoordinator} over the application's jetcd
 * {@link Client}, or one built from {@code leader.etcd.*}. Without either,
 * {@link LeaderStoreMissingConfiguration} explains what to set.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ Client.class, EtcdLeaderCoordinator.class })
@Conditional(OnStoreCondition.OnEtcdStore.class)
@EnableConfigurationProperties(LeaderEtcdProperties.class)
class LeaderEtcdConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@Conditional(OnStoreCondition.OnEtcdEndpoints.class)
	Client leaderEtcdClient(LeaderEtcdProperties properties, ObjectProvider<SslBundles> sslBundles) {
		StoreTimings.requirePositive("leader.etcd.connect-timeout", properties.getConnectTimeout());
		ClientBuilder builder = Client.builder()
			.endpoints(properties.getEndpoints().toArray(String[]::new))
			.connectTimeout(properties.getConnectTimeout());
		if (StringUtils.hasText(properties.getUser())) {
			builder.user(bytes(properties.getUser()));
			builder.password(bytes((properties.getPassword() != null) ? properties.getPassword() : ""));
		}
		String bundleName = properties.getSsl().getBundle();
		if (StringUtils.hasText(bundleName)) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new LeaderConfigurationException(
						"leader.etcd.ssl.bundle is set, but the application has no SslBundles (spring.ssl.bundle.*)");
			}
			configureTls(builder, bundles.getBundle(bundleName));
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnBean(Client.class)
	@ConditionalOnMissingBean(LeaderCoordinator.class)
	EtcdLeaderCoordinator leaderCoordinator(LeaderEtcdProperties properties, Client client,
			ObjectProvider<LeaderCoordinatorBuilderCustomizer> customizers) {
		LeaseTimings timings = StoreTimings.etcd(properties);
		StoreTimings.requirePositive("leader.etcd.request-timeout", properties.getRequestTimeout());
		EtcdLeaderCoordinator.Builder builder = EtcdLeaderCoordinator.builder(client)
			.timings(timings)
			.requestTimeout(properties.getRequestTimeout());
		try {
			builder.namespace(properties.getNamespace());
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException("Invalid leader.etcd.namespace: " + ex.getMessage());
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	private static void configureTls(ClientBuilder builder, SslBundle bundle) {
		try {
			builder.sslContext((ssl) -> {
				ssl.trustManager(bundle.getManagers().getTrustManagerFactory());
				if (bundle.getStores().getKeyStore() != null) {
					ssl.keyManager(bundle.getManagers().getKeyManagerFactory());
				}
			});
		}
		catch (SSLException ex) {
			throw new LeaderConfigurationException("leader.etcd.ssl.bundle: could not set up TLS: " + ex.getMessage());
		}
	}

	private static ByteSequence bytes(@Nullable String value) {
		return ByteSequence.from((value != null) ? value : "", StandardCharsets.UTF_8);
	}

}
