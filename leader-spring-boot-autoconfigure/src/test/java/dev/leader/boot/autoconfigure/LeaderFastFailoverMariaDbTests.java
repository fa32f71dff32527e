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

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.LeaderCoordinator;
import dev.leader.jdbc.FastFailover;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code leader.jdbc.fast-failover} on MariaDB: the sessions are opened with the pool's
 * settings outside the pool, and the coordinator leads with its liveness session held.
 */
class LeaderFastFailoverMariaDbTests {

	private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + URL, "spring.datasource.username=root",
				"leader.jdbc.initialize-schema=always", "leader.jdbc.table-name=leader_lease_ff_boot",
				"leader.jdbc.fast-failover=true", "leader.jdbc.fast-failover-max-waiters=3");

	@BeforeEach
	void requireMariaDb() {
		TestDatabase.MARIADB.assumeAvailable();
	}

	@Test
	void sessionsAreOpenedWithThePoolsSettingsOutsideThePoolAndTheCoordinatorLeads() {
		this.runner.run((context) -> {
			FastFailover options = context.getBean(JdbcLeaseStore.class).fastFailover().orElseThrow();
			assertThat(options.maxWaiters()).isEqualTo(3);
			assertThat(options.sessions()).isInstanceOfSatisfying(DriverManagerDataSource.class, (sessions) -> {
				assertThat(sessions.getUrl()).isEqualTo(URL);
				assertThat(sessions.getUsername()).isEqualTo("root");
			});
			assertThat(options.sessions()).isNotSameAs(context.getBean(DataSource.class));
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			String group = "fast-failover-boot-" + System.nanoTime();
			coordinator.campaign(group);
			await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.isLeader(group));
		});
	}

}
