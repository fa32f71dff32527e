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
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.leader.jdbc.FastFailover;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code leader.jdbc.fast-failover}: off by default, refused clearly where it cannot work
 * (H2, a pool whose settings the starter cannot read, a grace as long as the lease), and
 * an application's own {@link FastFailover} bean wins; the coordinator then runs on the
 * local PostgreSQL.
 */
class LeaderFastFailoverPostgresqlTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class));

	@BeforeEach
	void requirePostgresql() {
		TestDatabase.POSTGRESQL.assumeAvailable();
	}

	private ApplicationContextRunner withH2() {
		return this.runner.withPropertyValues(
				"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false");
	}

	private ApplicationContextRunner withPostgresql() {
		return this.runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
				"spring.datasource.username=postgres", "leader.jdbc.initialize-schema=always");
	}

	@Test
	void offByDefault() {
		withH2().run((context) -> assertThat(context.getBean(JdbcLeaseStore.class).fastFailover()).isEmpty());
	}

	@Test
	void sessionsAreOpenedWithThePoolsSettingsOutsideThePool() {
		withPostgresql()
			.withPropertyValues("leader.jdbc.fast-failover=true", "leader.jdbc.fast-failover-grace=80ms",
					"leader.jdbc.fast-failover-max-waiters=3")
			.run((context) -> {
				FastFailover options = context.getBean(JdbcLeaseStore.class).fastFailover().orElseThrow();
				assertThat(options.grace()).isEqualTo(Duration.ofMillis(80));
				assertThat(options.maxWaiters()).isEqualTo(3);
				assertThat(options.sessions()).isInstanceOfSatisfying(DriverManagerDataSource.class, (sessions) -> {
					assertThat(sessions.getUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
					assertThat(sessions.getUsername()).isEqualTo("postgres");
				});
				assertThat(options.sessions()).isNotSameAs(context.getBean(DataSource.class));
			});
	}

	@Test
	void otherDatabasesAreRefused() {
		withH2().withPropertyValues("leader.jdbc.fast-failover=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(analyze(context).getDescription())
				.contains("leader.jdbc.fast-failover supports PostgreSQL and MariaDB/MySQL only")
				.contains("leader.jdbc.fast-failover=false");
		});
	}

	@Test
	void aGraceOfHalfTheLeaseIsRefused() {
		withPostgresql()
			.withPropertyValues("leader.jdbc.fast-failover=true", "leader.jdbc.lease-duration=2s",
					"leader.jdbc.fast-failover-grace=1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription()).contains("leader.jdbc.fast-failover-grace (1000 ms)")
					.contains("leader.jdbc.lease-duration (2000 ms)");
			});
	}

	@Test
	void tooFewWaitersAreRefused() {
		withPostgresql().withPropertyValues("leader.jdbc.fast-failover=true", "leader.jdbc.fast-failover-max-waiters=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription())
					.contains("leader.jdbc.fast-failover-max-waiters must be at least 1, was 0");
			});
	}

	@Test
	void aPoolWhoseSettingsCannotBeReadIsRefused() {
		this.runner.withUserConfiguration(SingleConnectionConfiguration.class)
			.withPropertyValues("leader.jdbc.fast-failover=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(analyze(context).getDescription()).contains("needs connections of its own outside the pool")
					.contains("dev.leader.jdbc.FastFailover bean");
			});
	}

	@Test
	void theApplicationsOwnOptionsWin() {
		this.runner.withUserConfiguration(SingleConnectionConfiguration.class, OwnFastFailoverConfiguration.class)
			.withPropertyValues("leader.jdbc.fast-failover=true")
			.run((context) -> assertThat(context.getBean(JdbcLeaseStore.class).fastFailover())
				.hasValue(context.getBean(FastFailover.class)));
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		FailureAnalysis analysis = new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class SingleConnectionConfiguration {

		@Bean
		DataSource dataSource() {
			return new SingleConnectionDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFastFailoverConfiguration {

		@Bean
		FastFailover fastFailover() {
			return FastFailover
				.over(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""));
		}

	}

}
