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

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.test.TestDatabase;

/**
 * The coordinator contract over the JDBC store on PostgreSQL with fast failover on: it
 * passes unchanged (a node's "crash" there closes its pool while its liveness session
 * lives on, so its leases are waited out, as the contract expects).
 */
class JdbcLeaderCoordinatorFastFailoverPostgresqlTests extends JdbcLeaderCoordinatorContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected JdbcLeaseStore store(HikariDataSource pool, String url) {
		return new JdbcLeaseStore(pool)
			.withFastFailover(FastFailover.over(new DriverManagerDataSource(url, "postgres", "")));
	}

}
