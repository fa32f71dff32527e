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

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease table through Spring Boot's script initializer: created under the configured
 * name, upgraded from an earlier layout, left alone when current or when told to.
 */
class LeaderJdbcSchemaInitializerTests {

	private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(this.url, "sa", ""));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + this.url, "spring.datasource.generate-unique-name=false");

	@Test
	void tableOfTheEarlierLayoutIsUpgradedWhenAsked() {
		this.jdbc.execute("CREATE TABLE my_lease (group_name VARCHAR(128) NOT NULL PRIMARY KEY, holder VARCHAR(128), "
				+ "token BIGINT NOT NULL, acquired_at TIMESTAMP WITH TIME ZONE, "
				+ "renewed_at TIMESTAMP WITH TIME ZONE, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");
		this.jdbc
			.update("INSERT INTO my_lease (group_name, token, expires_at) VALUES ('reports', 41, CURRENT_TIMESTAMP)");
		this.runner.withPropertyValues("leader.jdbc.table-name=my_lease", "leader.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(LeaderJdbcSchemaInitializer.class);
				assertThat(holderLength("MY_LEASE")).isEqualTo(160);
				assertThat(
						this.jdbc.queryForObject("SELECT token FROM my_lease WHERE group_name = 'reports'", Long.class))
					.isEqualTo(41L);
				assertThat(tableCount("MY_LEASE_HISTORY")).as("upgrade-3 ran after upgrade-2").isOne();
				assertThat(tableCount("MY_LEASE_PAUSE")).as("upgrade-4 ran after upgrade-3").isOne();
			});
	}

	@Test
	void tableOfLayout2GetsItsHistoryTableWhenAsked() {
		this.jdbc.execute("CREATE TABLE my_lease (group_name VARCHAR(128) NOT NULL PRIMARY KEY, holder VARCHAR(160), "
				+ "token BIGINT NOT NULL, acquired_at TIMESTAMP WITH TIME ZONE, "
				+ "renewed_at TIMESTAMP WITH TIME ZONE, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");
		this.jdbc.update("INSERT INTO my_lease (group_name, holder, token, expires_at) "
				+ "VALUES ('reports', 'node-a#00000001', 9, DATEADD(SECOND, 30, CURRENT_TIMESTAMP))");
		this.runner.withPropertyValues("leader.jdbc.table-name=my_lease", "leader.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableCount("MY_LEASE_HISTORY")).isOne();
				assertThat(tableCount("MY_LEASE_PAUSE")).isOne();
				assertThat(
						this.jdbc.queryForObject("SELECT token FROM my_lease WHERE group_name = 'reports'", Long.class))
					.isEqualTo(9L);
			});
	}

	@Test
	void currentTableIsLeftAsItIs() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.url, "sa", "");
		LeaderJdbcSchemaInitializer initializer = new LeaderJdbcSchemaInitializer(dataSource, "leader_lease",
				DatabaseInitializationMode.ALWAYS);
		assertThat(initializer.initializeDatabase()).isTrue();
		this.jdbc.update("INSERT INTO leader_lease (group_name, token, expires_at) VALUES ('a', 7, CURRENT_TIMESTAMP)");
		assertThat(initializer.initializeDatabase()).isTrue();
		assertThat(this.jdbc.queryForObject("SELECT token FROM leader_lease", Long.class)).isEqualTo(7L);
		assertThat(tableCount("LEADER_LEASE_HISTORY")).as("created with the lease table").isOne();
		assertThat(tableCount("LEADER_LEASE_PAUSE")).as("created with the lease table").isOne();
	}

	@Test
	void tableOfLayout3GetsItsPauseTableWhenAsked() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.url, "sa", "");
		new LeaderJdbcSchemaInitializer(dataSource, "leader_lease", DatabaseInitializationMode.ALWAYS)
			.initializeDatabase();
		this.jdbc.execute("DROP TABLE leader_lease_pause");
		this.jdbc
			.update("INSERT INTO leader_lease (group_name, token, expires_at) VALUES ('a', 12, CURRENT_TIMESTAMP)");
		this.runner.withPropertyValues("leader.jdbc.initialize-schema=always").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(tableCount("LEADER_LEASE_PAUSE")).isOne();
			assertThat(this.jdbc.queryForObject("SELECT token FROM leader_lease", Long.class)).isEqualTo(12L);
		});
	}

	@Test
	void neverAndEmbeddedOnAnotherDatabaseDoNothing() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(this.url, "sa", "");
		assertThat(new LeaderJdbcSchemaInitializer(dataSource, "leader_lease", DatabaseInitializationMode.NEVER)
			.initializeDatabase()).isFalse();
		DriverManagerDataSource unreachable = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none", "x",
				"");
		assertThat(new LeaderJdbcSchemaInitializer(unreachable, "leader_lease", DatabaseInitializationMode.EMBEDDED)
			.initializeDatabase()).isFalse();
		assertThat(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LEADER_LEASE'", Integer.class))
			.isZero();
	}

	private Integer tableCount(String table) {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?",
				Integer.class, table);
	}

	private Integer holderLength(String table) {
		return this.jdbc.queryForObject("SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS "
				+ "WHERE TABLE_NAME = ? AND COLUMN_NAME = 'HOLDER'", Integer.class, table);
	}

}
