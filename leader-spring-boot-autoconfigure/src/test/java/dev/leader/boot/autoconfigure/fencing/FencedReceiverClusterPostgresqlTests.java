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

package dev.leader.boot.autoconfigure.fencing;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.test.TestDatabase;

/**
 * Two receiving instances sharing the JDBC registry in PostgreSQL, under a table of their
 * own.
 */
class FencedReceiverClusterPostgresqlTests extends FencedReceiverClusterContractTests {

	private final String table = "fencing_" + Long.toHexString(System.nanoTime());

	@Override
	@BeforeAll
	void startTwoInstances() {
		TestDatabase.POSTGRESQL.assumeAvailable();
		super.startTwoInstances();
	}

	@Override
	protected List<String> databaseProperties() {
		TestDatabase database = TestDatabase.POSTGRESQL;
		return List.of("spring.datasource.url=" + database.url("test"), "spring.datasource.username=postgres",
				"leader.fencing.server.jdbc.table-name=" + this.table);
	}

	@Override
	protected void dropTable(ConfigurableApplicationContext instance) {
		new JdbcTemplate(instance.getBean(DataSource.class)).execute("DROP TABLE IF EXISTS " + this.table);
	}

}
