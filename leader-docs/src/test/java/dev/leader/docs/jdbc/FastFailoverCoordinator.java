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

package dev.leader.docs.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.jdbc.FastFailover;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;

/**
 * Fast failover without Spring Boot (docs/fast-failover.md).
 */
public final class FastFailoverCoordinator {

	private FastFailoverCoordinator() {
	}

	static LeaseCoordinator coordinator(DataSource pool) {
		// The liveness sessions: a new physical connection per call, never the pool.
		DataSource sessions = new DriverManagerDataSource("jdbc:postgresql://db:5432/app", "app", "secret");
		JdbcLeaseStore store = new JdbcLeaseStore(pool)
			.withFastFailover(new FastFailover(sessions, Duration.ofMillis(75), 8));
		return LeaseCoordinator.builder(store).nodeId("billing-1").build();
	}

}
