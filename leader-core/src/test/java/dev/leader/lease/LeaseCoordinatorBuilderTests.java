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

package dev.leader.lease;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.leader.LeaderConfigurationException;
import dev.leader.jdbc.JdbcLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The builder refuses bad input before anything runs.
 */
class LeaseCoordinatorBuilderTests {

	private final DataSource unusedDataSource = new org.springframework.jdbc.datasource.DriverManagerDataSource(
			"jdbc:h2:mem:unused");

	@Test
	void refusesAMissingStore() {
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> LeaseCoordinator.builder(null))
			.withMessage("A lease store is required");
	}

	@Test
	void refusesInvalidNodeIdsGroupsAndTimings() {
		LeaseCoordinator.Builder builder = LeaseCoordinator.builder(new JdbcLeaseStore(this.unusedDataSource));
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.nodeId("my node"))
			.withMessageContaining("Node id 'my node' is invalid");
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.groups("ok", "not ok"))
			.withMessageContaining("Group name 'not ok' is invalid");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> builder.timings(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1)))
			.withMessageContaining("renew-interval (5000 ms) must be at most half of lease-duration (5000 ms)");
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.storeThreads(0))
			.withMessageContaining("storeThreads must be at least 1");
	}

	@Test
	void refusesAnUnsafeTableName() {
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> new JdbcLeaseStore(this.unusedDataSource, "leader_lease; drop table users"))
			.withMessageContaining("is not a valid SQL identifier");
	}

	@Test
	void defaultsToAUniqueNodeIdAndTheDefaultTimings() {
		try (LeaseCoordinator first = LeaseCoordinator.builder(new JdbcLeaseStore(this.unusedDataSource)).build();
				LeaseCoordinator second = LeaseCoordinator.builder(new JdbcLeaseStore(this.unusedDataSource)).build()) {
			assertThat(first.nodeId()).isNotEqualTo(second.nodeId());
			assertThat(first.timings()).isEqualTo(LeaseTimings.DEFAULTS);
			assertThat(first.isRunning()).isFalse();
		}
	}

}
