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
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.leader.FencingToken;
import dev.leader.Lease;
import dev.leader.etcd.EtcdLeaderCoordinator;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Auto-configuration of the etcd store against a real etcd member: what selects it, what
 * its properties configure, and how a wrong or missing setting is explained.
 */
class LeaderEtcdAutoConfigurationEtcdTests {

	private static TestEtcd etcd;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class));

	@BeforeAll
	static void startEtcd() {
		etcd = TestEtcd.startMember();
	}

	@AfterAll
	static void stopEtcd() {
		if (etcd != null) {
			etcd.close();
		}
	}

	private ApplicationContextRunner withH2() {
		return this.runner.withPropertyValues(
				"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false");
	}

	private ApplicationContextRunner withoutDataSource() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class));
	}

	private static String endpoints() {
		return "leader.etcd.endpoints=" + etcd.member(0).clientUrl();
	}

	@Test
	void etcdEndpointsTakeAutoAwayFromJdbc() {
		withH2().withPropertyValues(endpoints(), "leader.groups=reports").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(EtcdLeaderCoordinator.class)
				.hasSingleBean(Client.class)
				.hasSingleBean(LeaderCoordinatorLifecycle.class)
				.doesNotHaveBean(LeaseCoordinator.class)
				.doesNotHaveBean(JdbcLeaseStore.class);
			EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
			assertThat(coordinator.store()).isEqualTo("etcd");
			assertThat(coordinator.namespace()).isEqualTo("/leader");
			assertThat(coordinator.isRunning()).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("reports"));
		});
	}

	@Test
	void etcdPropertiesConfigureTheCoordinator() {
		withoutDataSource()
			.withPropertyValues(endpoints(), "leader.etcd.namespace=/apps/billing/", "leader.etcd.lease-duration=3s",
					"leader.etcd.renew-interval=1s", "leader.etcd.retry-interval=200ms",
					"leader.etcd.request-timeout=2s", "leader.etcd.connect-timeout=1s", "leader.node-id=node-7",
					"leader.groups=reports,billing")
			.run((context) -> {
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				assertThat(coordinator.nodeId()).isEqualTo("node-7");
				assertThat(coordinator.namespace()).isEqualTo("/apps/billing");
				assertThat(coordinator.groups()).containsExactly("billing", "reports");
				await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
				FencingToken token = coordinator.token("billing").orElseThrow();
				KeyValue key = context.getBean(Client.class)
					.getKVClient()
					.get(ByteSequence.from("/apps/billing/billing/leader", StandardCharsets.UTF_8))
					.get(5, TimeUnit.SECONDS)
					.getKvs()
					.get(0);
				assertThat(key.getCreateRevision()).isEqualTo(token.value());
				Lease lease = coordinator.lease("billing").orElseThrow();
				assertThat(lease.activeToken()).hasValue(token);
				assertThat(lease.expiresAt()).as("store time plus the TTL").isEqualTo(lease.storeTime().plusSeconds(3));
			});
	}

	@Test
	void keepAlivesAreCountedAsRenewalsOfTheGroupsLed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, LeaderAutoConfiguration.class,
					LeaderMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues(endpoints(), "leader.groups=reports", "leader.etcd.lease-duration=2s",
					"leader.etcd.renew-interval=200ms")
			.run((context) -> {
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("reports"));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5))
					.until(() -> meters.find("leader.lease.renewals")
						.tag("group", "reports")
						.tag("outcome", "success")
						.timer() != null);
				assertThat(meters.get("leader.status").tag("group", "reports").gauge().value()).isEqualTo(1.0);
			});
	}

	@Test
	void userClientIsUsedAndNeedsNoEndpoints() {
		withH2().withPropertyValues("leader.store=etcd")
			.withUserConfiguration(UserClientConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Client.class);
				assertThat(context).getBean(EtcdLeaderCoordinator.class).isNotNull();
			});
	}

	@Test
	void explicitStoreChoosesAmongZookeeperAndEtcd() {
		withoutDataSource()
			.withPropertyValues("leader.store=etcd", endpoints(), "leader.zookeeper.connect-string=localhost:1")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(EtcdLeaderCoordinator.class));
	}

	@Test
	void autoRefusesToGuessWhenZookeeperAndEtcdAreBothConfigured() {
		withH2().withPropertyValues(endpoints(), "leader.zookeeper.connect-string=localhost:2181").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("both leader.zookeeper.connect-string and leader.etcd.endpoints")
				.contains("set leader.store=zookeeper or leader.store=etcd");
		});
	}

	@Test
	void etcdStoreWithoutEndpointsIsExplained() {
		withH2().withPropertyValues("leader.store=etcd").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("leader.store=etcd needs leader.etcd.endpoints")
				.contains("or an io.etcd.jetcd.Client bean");
		});
	}

	@Test
	void missingJetcdIsExplained() {
		withoutDataSource().withClassLoader(new FilteredClassLoader(Client.class))
			.withPropertyValues(endpoints())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription())
					.contains("leader.etcd.endpoints selects the etcd store, but jetcd is not on the classpath")
					.contains("io.etcd:jetcd-core");
			});
	}

	@Test
	void timingsOutOfOrderNameTheEtcdProperties() {
		withoutDataSource().withPropertyValues(endpoints(), "leader.etcd.renew-interval=6s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("leader.etcd.renew-interval (6000 ms) must be at most half of leader.etcd.lease-duration");
		});
	}

	@Test
	void invalidNamespaceIsExplained() {
		withoutDataSource().withPropertyValues(endpoints(), "leader.etcd.namespace=leader").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("Invalid leader.etcd.namespace")
				.contains("must start with '/'");
		});
	}

	@Test
	void nonPositiveRequestTimeoutIsExplained() {
		withoutDataSource().withPropertyValues(endpoints(), "leader.etcd.request-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("leader.etcd.request-timeout must be positive");
		});
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		FailureAnalysis analysis = new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		@Bean(destroyMethod = "close")
		Client userClient() {
			return Client.builder().endpoints(etcd.member(0).clientUrl()).build();
		}

	}

}
