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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.aop.RecentLeaderJobs;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.shedlock.LeaseLockProvider;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An unchanged ShedLock application ({@code @EnableSchedulerLock}, {@code @SchedulerLock}
 * on a job every second) on two nodes: each execution runs once, with a fencing token in
 * {@link LeaderContext} that guards its write, and the executions show up in the job
 * list.
 */
abstract class LeaderShedLockClusterContractTests {

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private String suffix;

	/** The database: a new in-memory one per test for H2, the shared one for servers. */
	private String instance = "";

	private HikariDataSource observer;

	private JdbcTemplate jdbc;

	protected abstract TestDatabase database();

	@BeforeEach
	void setUp() {
		database().assumeAvailable();
		this.suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		this.instance = database().newInstance();
		this.observer = database().newPool(instance(), "observer");
		this.jdbc = new JdbcTemplate(this.observer);
		this.jdbc.execute("CREATE TABLE " + runTable()
				+ " (node VARCHAR(64) NOT NULL, token BIGINT NOT NULL, at TIMESTAMP WITH TIME ZONE NOT NULL)");
	}

	@AfterEach
	void tearDown() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
		this.jdbc.execute("DROP TABLE " + runTable());
		this.jdbc.execute("DROP TABLE " + leaseTable());
		this.jdbc.execute("DROP TABLE IF EXISTS " + leaseTable() + "_history");
		this.observer.close();
	}

	@Test
	void eachScheduledExecutionRunsOnceWithItsOwnToken() {
		for (String node : List.of("node-1", "node-2")) {
			this.nodes.add(new SpringApplicationBuilder(ShedLockNode.class).web(WebApplicationType.NONE)
				.properties("spring.datasource.url=" + database().url(instance()),
						"spring.datasource.username=" + ((database() == TestDatabase.POSTGRESQL) ? "postgres" : "sa"),
						"spring.datasource.hikari.pool-name=" + node, "spring.main.banner-mode=off",
						"leader.node-id=" + node, "leader.jdbc.table-name=" + leaseTable(),
						"leader.jdbc.initialize-schema=always", "run.table=" + runTable())
				.run());
		}
		this.nodes
			.forEach((node) -> assertThat(node.getBean(LockProvider.class)).isInstanceOf(LeaseLockProvider.class));
		await().atMost(Duration.ofSeconds(20)).until(() -> runs().size() >= 5);
		List<Run> runs = runs();
		Map<Long, Integer> perToken = new HashMap<>();
		Map<Long, Integer> perSecond = new HashMap<>();
		long previous = 0;
		for (Run run : runs) {
			perToken.merge(run.token(), 1, Integer::sum);
			perSecond.merge(run.at().toEpochSecond(), 1, Integer::sum);
			assertThat(run.token()).as("tokens grow with every execution").isGreaterThan(previous);
			previous = run.token();
		}
		assertThat(perToken.values()).as("one execution per token").containsOnly(1);
		assertThat(perSecond.values()).as("one execution per scheduled second").containsOnly(1);
		List<RecentLeaderJobs.JobSummary> jobs = new ArrayList<>();
		this.nodes.forEach((node) -> jobs.addAll(node.getBean(RecentLeaderJobs.class).summaries()));
		assertThat(jobs).allSatisfy((job) -> assertThat(job.job()).isEqualTo("report"));
		long ran = jobs.stream().mapToLong((job) -> job.counts().get(LeaderJobOutcome.RAN)).sum();
		long skipped = jobs.stream().mapToLong((job) -> job.counts().get(LeaderJobOutcome.SKIPPED)).sum();
		assertThat(ran).isGreaterThanOrEqualTo(runs.size());
		assertThat(skipped).as("the other node's tick found the lock held").isPositive();
	}

	private List<Run> runs() {
		return this.jdbc.query("SELECT node, token, at FROM " + runTable() + " ORDER BY at",
				(row, index) -> new Run(row.getString("node"), row.getLong("token"),
						row.getObject("at", OffsetDateTime.class)));
	}

	private String instance() {
		return this.instance;
	}

	private String runTable() {
		return "report_run_" + this.suffix;
	}

	private String leaseTable() {
		return "shedlock_lease_" + this.suffix;
	}

	record Run(String node, long token, OffsetDateTime at) {

	}

	/**
	 * A ShedLock application as users write it; only the starter is new.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableScheduling
	@EnableSchedulerLock(defaultLockAtMostFor = "10s")
	static class ShedLockNode {

		@Bean
		ReportJob reportJob(DataSource dataSource, JdbcFencingGuard guard, LeaderCoordinator coordinator,
				@Value("${run.table}") String table, @Value("${leader.node-id}") String node) {
			return new ReportJob(new GuardedRecorder(dataSource, guard, coordinator, table, "CURRENT_TIMESTAMP", node));
		}

	}

	static class ReportJob {

		private final GuardedRecorder recorder;

		ReportJob(GuardedRecorder recorder) {
			this.recorder = recorder;
		}

		@Scheduled(cron = "* * * * * *")
		@SchedulerLock(name = "report", lockAtLeastFor = "500ms")
		public void report() {
			this.recorder.record(LeaderContext.require());
		}

	}

}
