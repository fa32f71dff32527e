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

package dev.leader.jdbc;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.LeaderConfigurationException;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Fast failover needs session locks (PostgreSQL, MariaDB, MySQL): on H2 a coordinator
 * with it refuses to start, with a message that says so and what to change.
 */
class JdbcFastFailoverH2Tests {

	private String instance;

	private HikariDataSource pool;

	@BeforeEach
	void setUp() {
		this.instance = TestDatabase.H2.newInstance();
		this.pool = TestDatabase.H2.newPool(this.instance, "fast-failover-h2");
		JdbcLeaseSchema.create(this.pool, JdbcLeaseStore.DEFAULT_TABLE_NAME);
	}

	@AfterEach
	void tearDown() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	@Test
	void isRefusedAtStart() {
		DriverManagerDataSource sessions = new DriverManagerDataSource(TestDatabase.H2.url(this.instance), "sa", "");
		LeaseCoordinator coordinator = LeaseCoordinator
			.builder(new JdbcLeaseStore(this.pool).withFastFailover(FastFailover.over(sessions)))
			.nodeId("node-a")
			.timings(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(200))
			.groups("fast-failover-refused")
			.build();
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(coordinator::start)
			.withMessageContaining("leader.jdbc.fast-failover supports PostgreSQL and MariaDB/MySQL")
			.withMessageContaining("H2")
			.withMessageContaining("leader.jdbc.fast-failover=false");
	}

}
