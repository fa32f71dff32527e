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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the fenced-transaction suites share: a database with the lease table and a charges
 * table, one node that leads the suite's group, and a takeover made in the store while a
 * call runs, as a node that took over during a pause would.
 */
abstract class FencedTransactionsTestSupport {

	protected final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private String instance;

	private HikariDataSource pool;

	protected JdbcTemplate jdbc;

	protected abstract TestDatabase database();

	/** SQL for "the database clock plus five minutes". */
	protected abstract String inFiveMinutes();

	/** The group the suite's jobs lead. */
	protected abstract String group();

	/** The table the suite's jobs write their charges to. */
	protected abstract String chargesTable();

	@BeforeEach
	void openDatabase() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		this.pool = database().newPool(this.instance, "fenced-" + this.suffix);
		this.jdbc = new JdbcTemplate(this.pool);
		JdbcLeaseSchema.create(this.pool, JdbcLeaseStore.DEFAULT_TABLE_NAME);
		this.jdbc.execute("DROP TABLE IF EXISTS " + chargesTable());
		this.jdbc.execute("CREATE TABLE " + chargesTable() + " (id VARCHAR(64) PRIMARY KEY, token BIGINT NOT NULL)");
		// A lease left by an earlier run on a shared server database is given up first.
		this.jdbc.update("UPDATE leader_lease SET holder = NULL WHERE group_name = ?", group());
	}

	@AfterEach
	void closeDatabase() {
		if (this.pool != null) {
			this.jdbc.execute("DROP TABLE " + chargesTable());
			this.pool.close();
		}
	}

	/**
	 * One node on the database, with the starter and the given configuration.
	 */
	protected ApplicationContextRunner node(Class<?>... configuration) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class))
			.withBean(DataSource.class, () -> database().newPool(this.instance, "node-" + this.suffix))
			.withUserConfiguration(configuration)
			.withPropertyValues("leader.node-id=fenced-" + this.suffix, "leader.jdbc.lease-duration=2s",
					"leader.jdbc.renew-interval=500ms", "leader.jdbc.retry-interval=100ms",
					"leader.verify-before-run=false", "leader.jdbc.initialize-schema=always");
	}

	protected FencingToken awaitLeading(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> coordinator.isLeader(group()));
		return coordinator.token(group()).orElseThrow();
	}

	/** Another node takes the lease over in the store while the call still runs. */
	protected void takeOver() {
		int taken = this.jdbc.update("UPDATE leader_lease SET holder = 'usurper#00000000', token = token + 1, "
				+ "expires_at = " + inFiveMinutes() + " WHERE group_name = ?", group());
		assertThat(taken).isOne();
	}

	protected int charges() {
		Integer count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + chargesTable(), Integer.class);
		return (count != null) ? count : 0;
	}

	/**
	 * Records the outcome of every leader-only call.
	 */
	static class RecordingListener implements LeaderJobListener {

		final List<LeaderJobOutcome> outcomes = new CopyOnWriteArrayList<>();

		@Override
		public void onExecution(LeaderJobExecution execution) {
			this.outcomes.add(execution.outcome());
		}

	}

}
