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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaseObserver;
import dev.leader.aop.FencedCallRunner;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderOnlyAdvisor;
import dev.leader.aop.LeaderOnlyBeanPostProcessor;
import dev.leader.aop.LeaderOnlyInterceptor;
import dev.leader.aop.RecentLeaderJobs;
import dev.leader.aop.RunningLeaderJobs;

/**
 * Auto-configures leader election: a {@link LeaderCoordinator} over the selected store
 * (each store's configuration builds its own: a lease-based one over JDBC, or the
 * ZooKeeper one; a configuration imported last explains a missing store), the options
 * every coordinator shares applied through the ordered
 * {@link LeaderCoordinatorBuilderCustomizer} beans, the {@code @LeaderOnly} advisor, and
 * the lifecycle that campaigns once the context is ready and hands over on shutdown.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
		"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "leader.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LeaderProperties.class, LeaderPlacementProperties.class,
		LeaderHistoryProperties.class })
@Import({ LeaderZookeeperConfiguration.class, LeaderEtcdConfiguration.class, LeaderJdbcConfiguration.class,
		LeaderStoreMissingConfiguration.class })
public final class LeaderAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LeaderAutoConfiguration.class);

	private static final String JDBC_STORE = "jdbc";

	private static final String ZOOKEEPER_STORE = "zookeeper";

	private static final String ETCD_STORE = "etcd";

	@Bean
	@ConditionalOnMissingBean
	PropertiesCoordinatorBuilderCustomizer leaderPropertiesCoordinatorBuilderCustomizer(LeaderProperties properties,
			LeaderPlacementProperties placement, LeaderHistoryProperties history, ApplicationEventPublisher publisher,
			RunningLeaderJobs running, ObjectProvider<LeaseObserver> observers) {
		return new PropertiesCoordinatorBuilderCustomizer(properties,
				new PlacementEligibility(properties.getNodeTags(), placement), placement, history, publisher, running,
				observers);
	}

	@Bean
	@ConditionalOnMissingBean
	LeaderCoordinatorLifecycle leaderCoordinatorLifecycle(LeaderCoordinator coordinator, LeaderProperties properties,
			LeaderOnlyBeanPostProcessor leaderOnly, RunningLeaderJobs running,
			ObjectProvider<FencedCallRunner> fencedCalls, Environment environment) {
		requireBuiltAsConfigured(coordinator, properties, environment);
		if (properties.isFenceTransactions() && fencedCalls.getIfUnique() == null) {
			throw new LeaderConfigurationException("leader.fence-transactions=true checks the token at the commit of "
					+ "every transaction in the lease table's database, which needs the JDBC store ("
					+ coordinator.store()
					+ " is in use): use the JDBC store, or set leader.fence-transactions=false and call "
					+ "verify(token) before side effects");
		}
		Set<String> groups = new LinkedHashSet<>(leaderOnly.groups());
		groups.addAll(properties.getGroups());
		Duration phaseTimeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase", Duration.class,
				Duration.ofSeconds(30));
		if (properties.getShutdownTimeout().compareTo(phaseTimeout) >= 0) {
			logger.warn("leader.shutdown-timeout (" + properties.getShutdownTimeout().toMillis()
					+ " ms) is not shorter than spring.lifecycle.timeout-per-shutdown-phase (" + phaseTimeout.toMillis()
					+ " ms): Spring may stop waiting for running @LeaderOnly calls and close the context before "
					+ "the leases are released, so followers take over only when they expire. "
					+ "Shorten leader.shutdown-timeout or lengthen the phase timeout");
		}
		return new LeaderCoordinatorLifecycle(coordinator, groups, running, properties.getShutdownTimeout());
	}

	/**
	 * In AOT mode (a native image, or {@code spring.aot.enabled=true}) the conditions ran
	 * when the application was built: refuse to run when the properties it runs with
	 * would have chosen otherwise, rather than run the wrong store.
	 */
	static void requireBuiltAsConfigured(LeaderCoordinator coordinator, LeaderProperties properties,
			Environment environment) {
		String rebuild = " In AOT mode (a native image, or spring.aot.enabled=true) these are decided when the "
				+ "application is built: build it again with the properties it runs with, or run it with the "
				+ "properties it was built with";
		if (!properties.isEnabled()) {
			throw new LeaderConfigurationException(
					"leader.enabled=false, but the application was built with leader election on." + rebuild);
		}
		String built = coordinator.store();
		String selected = OnStoreCondition.selected(environment).name().toLowerCase(Locale.ROOT);
		if ((built.equals(JDBC_STORE) || built.equals(ZOOKEEPER_STORE) || built.equals(ETCD_STORE))
				&& !built.equals(selected)) {
			throw new LeaderConfigurationException("The application was built with the " + built
					+ " store, but leader.store, leader.zookeeper.connect-string and leader.etcd.endpoints now select "
					+ (selected.equals("auto") ? "no store (set leader.store)" : "the " + selected + " store") + "."
					+ rebuild);
		}
	}

	@Bean
	@Conditional(OnPlacementTrigger.class)
	ReadinessPlacement leaderReadinessPlacement(LeaderCoordinator coordinator, LeaderPlacementProperties placement,
			ObjectProvider<HealthGroupStatus> healthGroups) {
		String healthGroup = placement.getHealthGroup();
		HealthGroupStatus status = null;
		if (healthGroup != null) {
			status = healthGroups.getIfAvailable();
			if (status == null) {
				throw new LeaderConfigurationException(ActuatorHealthGroupStatus.PROPERTY + "=" + healthGroup
						+ " needs Spring Boot's health support, which is not on the class path: add "
						+ "spring-boot-starter-actuator, or remove " + ActuatorHealthGroupStatus.PROPERTY);
			}
		}
		return new ReadinessPlacement(coordinator, placement.isFollowReadiness(), status,
				placement.getHealthCheckInterval(), placement.getReadinessDelay(),
				placement.getReadinessHandoverTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	RecentLeaderJobs recentLeaderJobs() {
		return new RecentLeaderJobs();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static RunningLeaderJobs runningLeaderJobs() {
		return new RunningLeaderJobs();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static LeaderOnlyBeanPostProcessor leaderOnlyBeanPostProcessor(ObjectProvider<LeaderCoordinator> coordinator,
			RunningLeaderJobs running, ObjectProvider<LeaderJobListener> listeners,
			ObjectProvider<ObservationRegistry> observations, ObjectProvider<FencedCallRunner> fencedCalls,
			Environment environment) {
		// Bound here, as the bean is (too early for the LeaderProperties bean), so that
		// every option has the one default LeaderProperties declares.
		LeaderProperties properties = Binder.get(environment).bindOrCreate("leader", LeaderProperties.class);
		Supplier<List<LeaderJobListener>> jobListeners = SingletonSupplier.of(() -> listeners.orderedStream().toList());
		LeaderJobListener all = (execution) -> jobListeners.get()
			.forEach((listener) -> listener.onExecution(execution));
		LeaderOnlyInterceptor interceptor = new LeaderOnlyInterceptor(SingletonSupplier.of(coordinator::getObject),
				properties.isVerifyBeforeRun(), running, all,
				SingletonSupplier.of(() -> observations.getIfAvailable(() -> ObservationRegistry.NOOP)),
				() -> fencedCalls.getIfUnique(), properties.isFenceTransactions());
		return new LeaderOnlyBeanPostProcessor(new LeaderOnlyAdvisor(interceptor));
	}

	/**
	 * Whether a node hands its groups over while unfit: it follows readiness, or a health
	 * group.
	 */
	static final class OnPlacementTrigger extends AnyNestedCondition {

		OnPlacementTrigger() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBooleanProperty(name = "leader.placement.follow-readiness", matchIfMissing = true)
		static final class FollowsReadiness {

		}

		@ConditionalOnProperty(ActuatorHealthGroupStatus.PROPERTY)
		static final class FollowsHealthGroup {

		}

	}

	/**
	 * The status of the health group named by {@code leader.placement.health-group}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
	@ConditionalOnProperty(ActuatorHealthGroupStatus.PROPERTY)
	static final class HealthGroupConfiguration {

		@Bean
		HealthGroupStatus leaderHealthGroupStatus(ObjectProvider<HealthEndpoint> endpoint,
				ObjectProvider<HealthEndpointGroups> groups, LeaderPlacementProperties placement) {
			String name = String.valueOf(placement.getHealthGroup());
			HealthEndpoint health = endpoint.getIfAvailable();
			HealthEndpointGroups healthGroups = groups.getIfAvailable();
			if (health == null || healthGroups == null) {
				throw new LeaderConfigurationException(ActuatorHealthGroupStatus.PROPERTY + "=" + name
						+ " needs Spring Boot's health endpoint, which is not available: keep it on (see "
						+ "management.endpoint.health.access) and exposed (management.endpoints.web.exposure.include "
						+ "or management.endpoints.jmx.exposure.include), or remove "
						+ ActuatorHealthGroupStatus.PROPERTY);
			}
			return new ActuatorHealthGroupStatus(health, healthGroups, name);
		}

	}

}
