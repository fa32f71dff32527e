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

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaseObserver;
import dev.leader.jdbc.FastFailover;
import dev.leader.jdbc.FencedTransactions;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.lease.LeaseStore;
import dev.leader.lease.LeaseTimings;

/**
 * The JDBC store: a {@link LeaseCoordinator} over the {@link LeaseStore} bean, by default
 * a lease table in the application's database (or the one marked
 * {@link LeaderDataSource}). Without a database, {@link LeaderStoreMissingConfiguration}
 * explains what to add.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ DataSource.class, JdbcTemplate.class })
@Conditional(OnStoreCondition.OnJdbcStore.class)
class LeaderJdbcConfiguration {

	@Bean
	@ConditionalOnBean(LeaseStore.class)
	@ConditionalOnMissingBean(LeaderCoordinator.class)
	LeaseCoordinator leaderCoordinator(LeaseStore store, LeaderProperties properties,
			ObjectProvider<LeaderCoordinatorBuilderCustomizer> customizers) {
		LeaseTimings timings = StoreTimings.jdbc(properties.getJdbc());
		LeaseCoordinator.Builder builder = LeaseCoordinator.builder(store)
			.timings(timings.leaseDuration(), timings.renewInterval(), timings.retryInterval());
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	static DataSource leaseDataSource(ObjectProvider<DataSource> leaderDataSource,
			ObjectProvider<DataSource> dataSource) {
		DataSource qualified = leaderDataSource.getIfUnique();
		if (qualified != null) {
			return qualified;
		}
		DataSource unique = dataSource.getIfUnique();
		if (unique == null) {
			throw new LeaderConfigurationException("The application has several DataSource beans and none is "
					+ "@Primary or marked @LeaderDataSource: annotate the one that holds the lease table with "
					+ "@LeaderDataSource (dev.leader.boot.autoconfigure.LeaderDataSource)");
		}
		return unique;
	}

	/**
	 * The lease table in the application's database.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	static class LeaseTableConfiguration {

		@Bean
		@ConditionalOnMissingBean(LeaseStore.class)
		JdbcLeaseStore leaderLeaseStore(@LeaderDataSource ObjectProvider<DataSource> leaderDataSource,
				ObjectProvider<DataSource> dataSource, LeaderProperties properties,
				ObjectProvider<FastFailover> fastFailover) {
			DataSource leases = leaseDataSource(leaderDataSource, dataSource);
			JdbcLeaseStore store = new JdbcLeaseStore(leases, properties.getJdbc().getTableName());
			if (!properties.getJdbc().isFastFailover()) {
				return store;
			}
			FastFailover options = fastFailover
				.getIfAvailable(() -> FastFailoverSessions.of(leases, properties.getJdbc()));
			return store.withFastFailover(options);
		}

		@Bean
		@ConditionalOnMissingBean
		JdbcFencingGuard leaderFencingGuard(@LeaderDataSource ObjectProvider<DataSource> leaderDataSource,
				ObjectProvider<DataSource> dataSource, LeaderProperties properties) {
			// The lease duration bounds how long a guarded transaction may idle
			// (PostgreSQL,
			// MariaDB), and so how long it can hold back a takeover.
			return new JdbcFencingGuard(leaseDataSource(leaderDataSource, dataSource),
					properties.getJdbc().getTableName(), LeaseObserver.NONE, properties.getJdbc().getLeaseDuration());
		}

		@Bean
		@ConditionalOnMissingBean
		FencedTransactions leaderFencedTransactions(@LeaderDataSource ObjectProvider<DataSource> leaderDataSource,
				ObjectProvider<DataSource> dataSource, JdbcFencingGuard guard) {
			return new FencedTransactions(leaseDataSource(leaderDataSource, dataSource), guard);
		}

		/**
		 * Adds the fenced-transaction listener to every transaction manager over the
		 * lease table's database, the application's own ones included.
		 */
		@Bean
		static BeanPostProcessor leaderFencedTransactionManagers(
				ObjectProvider<FencedTransactions> fencedTransactions) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof PlatformTransactionManager transactionManager) {
						fencedTransactions.ifAvailable((fenced) -> fenced.register(transactionManager));
					}
					return bean;
				}

			};
		}

	}

	/**
	 * Creates or upgrades the lease table with Spring Boot's script initializer.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DataSource.class)
	@ConditionalOnClass(name = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
	static class LeaseTableInitializationConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LeaderJdbcSchemaInitializer leaderJdbcSchemaInitializer(
				@LeaderDataSource ObjectProvider<DataSource> leaderDataSource, ObjectProvider<DataSource> dataSource,
				LeaderProperties properties) {
			return new LeaderJdbcSchemaInitializer(leaseDataSource(leaderDataSource, dataSource),
					properties.getJdbc().getTableName(), properties.getJdbc().getInitializeSchema());
		}

	}

}
