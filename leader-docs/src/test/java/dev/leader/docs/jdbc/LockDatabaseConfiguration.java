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

import javax.sql.DataSource;

import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.leader.boot.autoconfigure.LeaderDataSource;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseStore;

/**
 * A dedicated lock database, and a store of your own (docs/jdbc-store.md).
 */
@Configuration(proxyBeanMethods = false)
public class LockDatabaseConfiguration {

	@Bean
	@LeaderDataSource // the starter's lease table lives here, not in the application's
						// DataSource
	DataSource lockDataSource() {
		return DataSourceBuilder.create().url("jdbc:postgresql://locks:5432/locks").username("leader").build();
	}

	@Bean // optional: replaces the auto-configured store, here with a table in schema
			// "locks"
	LeaseStore leaseStore(@LeaderDataSource DataSource lockDataSource) {
		return new JdbcLeaseStore(lockDataSource, "locks.leader_lease");
	}

}
