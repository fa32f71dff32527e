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

package dev.leader.docs.teststore;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;

import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseStore;
import dev.leader.test.TestDatabase;
import dev.leader.test.contract.LeaseStoreContractTests;

/**
 * A store's own suite, as docs/testing.md shows it: the lease store contract over the
 * JDBC store on H2, from outside the store's package (only what the suite offers).
 */
class H2LeaseStoreContractTests extends LeaseStoreContractTests {

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String instance = "";

	@Override
	protected LeaseStore createStore() {
		TestDatabase.H2.assumeAvailable();
		this.instance = TestDatabase.H2.newInstance();
		HikariDataSource pool = newPool();
		JdbcLeaseSchema.create(pool, "leader_lease");
		return new JdbcLeaseStore(pool);
	}

	@Override
	protected LeaseStore newClient() {
		// Another node: a pool of its own on the same database
		return new JdbcLeaseStore(newPool());
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	private HikariDataSource newPool() {
		HikariDataSource pool = TestDatabase.H2.newPool(this.instance, "node-" + this.pools.size());
		this.pools.add(pool);
		return pool;
	}

}
