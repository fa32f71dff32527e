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

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.LeaderCoordinator;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseStore;
import dev.leader.lease.LeaseTimings;
import dev.leader.shedlock.LeaseLockProvider;
import dev.leader.shedlock.ShedLockJobListener;
import dev.leader.test.TestZookeeper;
import dev.leader.zookeeper.ZookeeperLeaderCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Conditions, back-offs, properties and failure analyses of
 * {@link LeaderAutoConfiguration}.
 */
class LeaderAutoConfigurationTests {

	private static TestingServer zookeeper;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class));

	@BeforeAll
	static void startZookeeper() {
		zookeeper = TestZookeeper.startServer();
	}

	@AfterAll
	static void stopZookeeper() throws IOException {
		zookeeper.close();
	}

	private ApplicationContextRunner withoutDataSource() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class));
	}

	private ApplicationContextRunner withH2() {
		return this.runner.withPropertyValues(
				"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false");
	}

	@Test
	void dataSourceSelectsTheJdbcStoreWithDefaults() {
		withH2().run((context) -> {
			assertThat(context).hasSingleBean(LeaseCoordinator.class)
				.hasSingleBean(JdbcLeaseStore.class)
				.hasSingleBean(JdbcFencingGuard.class)
				.hasSingleBean(LeaderJdbcSchemaInitializer.class)
				.hasSingleBean(LeaderCoordinatorLifecycle.class);
			LeaseCoordinator coordinator = context.getBean(LeaseCoordinator.class);
			assertThat(coordinator.timings()).isEqualTo(LeaseTimings.DEFAULTS);
			assertThat(coordinator.nodeId()).contains("-" + ProcessHandle.current().pid() + "-");
			assertThat(coordinator.isRunning()).isTrue();
			assertThat(context.getBean(JdbcLeaseStore.class).tableName()).isEqualTo("leader_lease");
		});
	}

	@Test
	void embeddedDatabaseGetsTheLeaseTableByDefault() {
		withH2().run((context) -> assertThat(tableExists(context, "LEADER_LEASE")).isTrue());
	}

	@Test
	void initializeSchemaNeverLeavesTheTableToTheUserAndStartupExplainsIt() {
		withH2().withPropertyValues("leader.jdbc.initialize-schema=never").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription()).contains("Lease table 'leader_lease' does not exist");
			assertThat(analysis.getAction()).contains("classpath:dev/leader/jdbc/schema-h2.sql")
				.contains("leader.jdbc.initialize-schema=always");
		});
	}

	@Test
	void propertiesConfigureTheCoordinator() {
		withH2()
			.withPropertyValues("leader.node-id=node-7", "leader.jdbc.lease-duration=4s",
					"leader.jdbc.renew-interval=1s", "leader.jdbc.retry-interval=200ms",
					"leader.groups=reports,billing", "leader.jdbc.table-name=my_lease")
			.run((context) -> {
				LeaseCoordinator coordinator = context.getBean(LeaseCoordinator.class);
				assertThat(coordinator.nodeId()).isEqualTo("node-7");
				assertThat(coordinator.timings())
					.isEqualTo(new LeaseTimings(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofMillis(200)));
				assertThat(coordinator.groups()).containsExactly("billing", "reports");
				assertThat(context.getBean(JdbcLeaseStore.class).tableName()).isEqualTo("my_lease");
				assertThat(tableExists(context, "MY_LEASE")).isTrue();
			});
	}

	@Test
	void disabledMeansNoBeans() {
		withH2().withPropertyValues("leader.enabled=false", "leader.zookeeper.connect-string=localhost:2181")
			.run((context) -> assertThat(context).doesNotHaveBean(LeaderCoordinator.class)
				.doesNotHaveBean(LeaderProperties.class)
				.doesNotHaveBean(LeaseStore.class)
				.doesNotHaveBean(CuratorFramework.class));
	}

	@Test
	void userCoordinatorReplacesTheAutoConfiguredOne() {
		withH2().withUserConfiguration(UserCoordinatorConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LeaderCoordinator.class);
			assertThat(context.getBean(LeaderCoordinator.class).nodeId()).isEqualTo("user-node");
		});
	}

	@Test
	void userStoreReplacesTheJdbcOne() {
		withH2().withUserConfiguration(UserStoreConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(LeaseStore.class);
			assertThat(context.getBean(LeaseStore.class)).isSameAs(context.getBean("userStore"));
			assertThat(context.getBean(LeaseCoordinator.class).store()).isEqualTo("jdbc");
		});
	}

	@Test
	void leaderDataSourceQualifierPicksTheLockDatabaseAmongSeveral() {
		this.runner.withUserConfiguration(TwoDataSourcesWithLeaderConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource lock = context.getBean("lockDataSource", DataSource.class);
			assertThat(new JdbcTemplate(lock).queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LEADER_LEASE'", Integer.class))
				.isOne();
			DataSource app = context.getBean("appDataSource", DataSource.class);
			assertThat(new JdbcTemplate(app).queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LEADER_LEASE'", Integer.class))
				.isZero();
		});
	}

	@Test
	void severalDataSourcesWithoutQualifierAreExplained() {
		this.runner.withUserConfiguration(TwoDataSourcesConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("several DataSource beans")
				.contains("@LeaderDataSource");
		});
	}

	@Test
	void noStoreAtAllIsExplained() {
		withoutDataSource().run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription())
				.contains("leader.store=auto selects the JDBC store, but the application has no DataSource")
				.contains("leader.zookeeper.connect-string");
			assertThat(analysis.getAction()).contains("leader.enabled=false");
		});
	}

	@Test
	void jdbcStoreWithoutDataSourceIsExplained() {
		withoutDataSource().withPropertyValues("leader.store=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("leader.store=jdbc selects the JDBC store, but the application has no DataSource");
		});
	}

	@Test
	void zookeeperStoreWithoutConnectStringIsExplained() {
		withH2().withPropertyValues("leader.store=zookeeper").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("leader.store=zookeeper needs leader.zookeeper.connect-string")
				.contains("or a CuratorFramework bean");
		});
	}

	@Test
	void zookeeperConnectStringTakesAutoAwayFromJdbc() {
		withH2().withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(ZookeeperLeaderCoordinator.class)
					.hasSingleBean(CuratorFramework.class)
					.hasSingleBean(LeaderCoordinatorLifecycle.class)
					.doesNotHaveBean(JdbcLeaseStore.class)
					.doesNotHaveBean(JdbcFencingGuard.class)
					.doesNotHaveBean(LeaderJdbcSchemaInitializer.class);
				ZookeeperLeaderCoordinator coordinator = context.getBean(ZookeeperLeaderCoordinator.class);
				assertThat(coordinator.store()).isEqualTo("zookeeper");
				assertThat(coordinator.root()).isEqualTo("/leader");
				assertThat(coordinator.client()).isSameAs(context.getBean(CuratorFramework.class));
				assertThat(coordinator.nodeId()).contains("-" + ProcessHandle.current().pid() + "-");
				assertThat(coordinator.isRunning()).isTrue();
				assertThat(tableExists(context, "LEADER_LEASE")).isFalse();
			});
	}

	@Test
	void zookeeperStoreWorksWithoutDataSource() {
		withoutDataSource()
			.withPropertyValues("leader.store=zookeeper",
					"leader.zookeeper.connect-string=" + zookeeper.getConnectString())
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ZookeeperLeaderCoordinator.class));
	}

	@Test
	void zookeeperPropertiesConfigureTheClientAndTheCoordinator() {
		withoutDataSource().withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString(),
				"leader.zookeeper.root=/apps/billing/", "leader.zookeeper.session-timeout=4s",
				"leader.zookeeper.connection-timeout=1500ms", "leader.node-id=node-7", "leader.groups=reports,billing")
			.run((context) -> {
				ZookeeperLeaderCoordinator coordinator = context.getBean(ZookeeperLeaderCoordinator.class);
				assertThat(coordinator.nodeId()).isEqualTo("node-7");
				assertThat(coordinator.root()).isEqualTo("/apps/billing");
				assertThat(coordinator.groups()).containsExactly("billing", "reports");
				CuratorFramework client = context.getBean(CuratorFramework.class);
				assertThat(client.getZookeeperClient().getConnectionTimeoutMs()).isEqualTo(1500);
				await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
				assertThat(client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs()).isEqualTo(4000);
				assertThat(client.checkExists().forPath("/apps/billing/billing/token")).isNotNull();
			});
	}

	@Test
	void userCuratorFrameworkIsUsedAndNeedsNoConnectString() {
		withH2().withPropertyValues("leader.store=zookeeper")
			.withUserConfiguration(UserCuratorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(CuratorFramework.class);
				assertThat(context.getBean(ZookeeperLeaderCoordinator.class).client())
					.isSameAs(context.getBean("userCurator"));
			});
	}

	@Test
	void userCoordinatorReplacesTheZookeeperOne() {
		withoutDataSource().withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString())
			.withUserConfiguration(UserZookeeperCoordinatorConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(LeaderCoordinator.class);
				assertThat(context.getBean(LeaderCoordinator.class).nodeId()).isEqualTo("user-node");
			});
	}

	@Test
	void zookeeperConnectStringWithoutTheZookeeperClassesNamesTheDependency() {
		withH2().withPropertyValues("leader.zookeeper.connect-string=localhost:2181")
			.withClassLoader(new FilteredClassLoader("org.springframework.integration.zookeeper"))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription())
					.contains("leader.zookeeper.connect-string selects the ZooKeeper store, but the ZooKeeper classes "
							+ "are not on the classpath")
					.contains("org.springframework.integration:spring-integration-zookeeper:7.0.5")
					.doesNotContain("set leader.zookeeper.connect-string");
			});
		withH2().withPropertyValues("leader.store=zookeeper")
			.withClassLoader(new FilteredClassLoader(CuratorFramework.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription())
					.contains("leader.store=zookeeper selects the ZooKeeper store, but the ZooKeeper classes")
					.contains("set leader.zookeeper.connect-string, such as 'localhost:2181'");
			});
	}

	@Test
	void zookeeperTimeoutsAreValidatedWithPropertyNames() {
		ApplicationContextRunner zookeeperRunner = withoutDataSource()
			.withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString());
		zookeeperRunner.withPropertyValues("leader.zookeeper.session-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("leader.zookeeper.session-timeout must be positive");
		});
		zookeeperRunner.withPropertyValues("leader.zookeeper.connection-timeout=-1s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("leader.zookeeper.connection-timeout must be positive");
		});
		zookeeperRunner
			.withPropertyValues("leader.zookeeper.session-timeout=4s", "leader.zookeeper.connection-timeout=4s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription())
					.contains("leader.zookeeper.connection-timeout (4000 ms) must be shorter than "
							+ "leader.zookeeper.session-timeout (4000 ms)")
					.contains("set leader.zookeeper.connection-timeout to 2000 ms");
			});
		zookeeperRunner
			.withPropertyValues("leader.zookeeper.session-timeout=4s", "leader.zookeeper.connection-timeout=2s",
					"leader.zookeeper.retry-interval=5s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription()).contains(
						"leader.zookeeper.retry-interval (5000 ms) must not exceed leader.zookeeper.session-timeout (4000 ms)");
			});
	}

	@Test
	void invalidZookeeperRootIsExplained() {
		withoutDataSource()
			.withPropertyValues("leader.zookeeper.connect-string=" + zookeeper.getConnectString(),
					"leader.zookeeper.root=leader")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription())
					.contains("Invalid leader.zookeeper.root: ZooKeeper root 'leader' must be an absolute path");
			});
	}

	@Test
	void durationsOutOfOrderAreExplainedWithPropertyNames() {
		withH2().withPropertyValues("leader.jdbc.lease-duration=10s", "leader.jdbc.renew-interval=6s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription()).contains(
						"leader.jdbc.renew-interval (6000 ms) must be at most half of leader.jdbc.lease-duration (10000 ms)");
			});
		withH2().withPropertyValues("leader.jdbc.retry-interval=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("leader.jdbc.retry-interval must be positive");
		});
		withH2()
			.withPropertyValues("leader.jdbc.lease-duration=5s", "leader.jdbc.renew-interval=1s",
					"leader.jdbc.retry-interval=6s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription()).contains(
						"leader.jdbc.retry-interval (6000 ms) must not exceed leader.jdbc.lease-duration (5000 ms)");
			});
	}

	@Test
	void invalidNamesAreExplained() {
		withH2().withPropertyValues("leader.jdbc.table-name=lease;drop table x").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("Table name 'lease;drop table x' is not a valid SQL identifier");
		});
		withH2().withPropertyValues("leader.groups=ok,not ok").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("Group name 'not ok' is invalid");
		});
		withH2().withPropertyValues("leader.node-id=my node").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription()).contains("Node id 'my node' is invalid");
		});
	}

	@Test
	void shedLockGetsTheLeaseLockProviderUnlessTheApplicationHasOne() {
		ApplicationContextRunner shedLock = withH2().withConfiguration(
				AutoConfigurations.of(LeaderShedLockAutoConfiguration.class, LeaderAutoConfiguration.class));
		shedLock.run((context) -> {
			assertThat(context).hasSingleBean(LockProvider.class).hasSingleBean(ShedLockJobListener.class);
			assertThat(context.getBean(LockProvider.class)).isInstanceOf(LeaseLockProvider.class);
		});
		shedLock.withBean("userLockProvider", LockProvider.class, () -> (configuration) -> Optional.empty())
			.run((context) -> assertThat(context).hasSingleBean(LockProvider.class)
				.doesNotHaveBean(LeaseLockProvider.class));
		shedLock.withUserConfiguration(UserCoordinatorConfiguration.class)
			.withPropertyValues("leader.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LockProvider.class));
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		FailureAnalysis analysis = new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	private static boolean tableExists(AssertableApplicationContext context, String table) {
		return new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?", Integer.class, table) == 1;
	}

	private static DataSource h2(String name) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		return dataSource;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCoordinatorConfiguration {

		@Bean
		LeaseCoordinator userCoordinator(DataSource dataSource) {
			return LeaseCoordinator.builder(new JdbcLeaseStore(dataSource)).nodeId("user-node").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCuratorConfiguration {

		@Bean(destroyMethod = "close")
		CuratorFramework userCurator() {
			CuratorFramework client = CuratorFrameworkFactory.newClient(zookeeper.getConnectString(),
					new RetryNTimes(3, 100));
			client.start();
			return client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserZookeeperCoordinatorConfiguration {

		@Bean
		ZookeeperLeaderCoordinator userCoordinator(CuratorFramework client) {
			return ZookeeperLeaderCoordinator.builder(client).nodeId("user-node").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStoreConfiguration {

		@Bean
		LeaseStore userStore(DataSource dataSource) {
			return new JdbcLeaseStore(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		DataSource appDataSource() {
			return h2("app");
		}

		@Bean
		DataSource lockDataSource() {
			return h2("lock");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesWithLeaderConfiguration {

		@Bean
		DataSource appDataSource() {
			return h2("app");
		}

		@Bean
		@LeaderDataSource
		DataSource lockDataSource() {
			return h2("lock");
		}

	}

}
