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

package dev.leader.bench.jmh;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.bench.Stores;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;

/**
 * What one call of a guarded method costs, against PostgreSQL on this machine:
 * <ul>
 * <li>{@code followerSkip}: a {@code @LeaderOnly} method on a node that follows (another
 * node leads the group): skipped without touching the store;</li>
 * <li>{@code leaderWithoutVerify} / {@code leaderWithVerify}: on the leader, with
 * {@code leader.verify-before-run} off and on (one round trip to check the token);</li>
 * <li>{@code shedLock}: a ShedLock {@code @SchedulerLock} method over
 * {@code JdbcTemplateLockProvider.usingDbTime()} (lock and unlock statements);</li>
 * <li>{@code plainCall}: the same method without any proxy, for reference.</li>
 * </ul>
 * The starter runs as its auto-configuration sets it up, with default lease timings.
 *
 * @author leader-spring-boot-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InvocationBenchmark {

	private static final String URL = System.getProperty("bench.jdbc-url",
			"jdbc:postgresql://127.0.0.1:5432/leader_bench");

	private HikariDataSource pool;

	private LeaseCoordinator otherNode;

	private ConfigurableApplicationContext withoutVerify;

	private ConfigurableApplicationContext withVerify;

	private ConfigurableApplicationContext shedLockContext;

	private Jobs jobs;

	private VerifiedJobs verifiedJobs;

	private ShedLockJobs shedLockJobs;

	private final Jobs plain = new Jobs();

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		new Stores(URL, 0).prepareDatabase();
		this.pool = pool("jmh-setup");
		JdbcLeaseSchema.create(this.pool, "leader_lease");
		try (Connection connection = this.pool.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, "
					+ "lock_until TIMESTAMP NOT NULL, locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL)");
			statement.execute("UPDATE leader_lease SET holder = NULL, expires_at = clock_timestamp() "
					+ "WHERE group_name LIKE 'jmh-%'");
		}
		// Another node leads jmh-follower, so that the benchmark's node follows it.
		this.otherNode = LeaseCoordinator.builder(new JdbcLeaseStore(this.pool))
			.nodeId("jmh-other")
			.groups("jmh-follower")
			.build();
		this.otherNode.start();
		await(() -> this.otherNode.isLeader("jmh-follower"));
		this.withoutVerify = context(StarterConfiguration.class, "jmh-node", false);
		this.withVerify = context(VerifiedConfiguration.class, "jmh-verifying-node", true);
		this.shedLockContext = new SpringApplicationBuilder(ShedLockConfiguration.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN")
			.run();
		this.jobs = this.withoutVerify.getBean(Jobs.class);
		this.verifiedJobs = this.withVerify.getBean(VerifiedJobs.class);
		this.shedLockJobs = this.shedLockContext.getBean(ShedLockJobs.class);
		LeaderCoordinator coordinator = this.withoutVerify.getBean(LeaderCoordinator.class);
		await(() -> coordinator.isLeader("jmh-leader"));
		LeaderCoordinator verifying = this.withVerify.getBean(LeaderCoordinator.class);
		await(() -> verifying.isLeader("jmh-verified"));
		if (this.jobs.follower() != null || this.jobs.leader() == null || this.verifiedJobs.leader() == null
				|| this.shedLockJobs.locked() == null) {
			throw new IllegalStateException("Benchmark set-up is wrong: follower ran or leader skipped");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.withoutVerify.close();
		this.withVerify.close();
		this.shedLockContext.close();
		this.otherNode.stop();
		this.pool.close();
	}

	@Benchmark
	public Object followerSkip() {
		return this.jobs.follower();
	}

	@Benchmark
	public Object leaderWithoutVerify() {
		return this.jobs.leader();
	}

	@Benchmark
	public Object leaderWithVerify() {
		return this.verifiedJobs.leader();
	}

	@Benchmark
	public Object shedLock() {
		return this.shedLockJobs.locked();
	}

	@Benchmark
	public Object plainCall() {
		return this.plain.leader();
	}

	private static ConfigurableApplicationContext context(Class<?> configuration, String nodeId, boolean verify) {
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN", "leader.node-id=" + nodeId,
					"leader.verify-before-run=" + verify, "leader.jdbc.initialize-schema=never")
			.run();
	}

	static HikariDataSource pool(String name) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(URL);
		config.setUsername("postgres");
		config.setPassword("");
		config.setPoolName(name);
		config.setMaximumPoolSize(4);
		return new HikariDataSource(config);
	}

	private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Set-up did not converge in 60 s");
			}
			Thread.sleep(20);
		}
	}

	/**
	 * The starter's node without verify-before-run: follows jmh-follower, leads
	 * jmh-leader.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(LeaderAutoConfiguration.class)
	static class StarterConfiguration {

		@Bean(destroyMethod = "close")
		HikariDataSource dataSource() {
			return pool("jmh-node");
		}

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	/** The starter's node with verify-before-run: leads jmh-verified. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(LeaderAutoConfiguration.class)
	static class VerifiedConfiguration {

		@Bean(destroyMethod = "close")
		HikariDataSource dataSource() {
			return pool("jmh-verifying-node");
		}

		@Bean
		VerifiedJobs verifiedJobs() {
			return new VerifiedJobs();
		}

	}

	/** ShedLock as documented, on the same database. */
	@Configuration(proxyBeanMethods = false)
	@EnableSchedulerLock(defaultLockAtMostFor = "PT10S")
	static class ShedLockConfiguration {

		@Bean(destroyMethod = "close")
		HikariDataSource dataSource() {
			return pool("jmh-shedlock");
		}

		@Bean
		LockProvider lockProvider(DataSource dataSource) {
			return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
				.withJdbcTemplate(new JdbcTemplate(dataSource))
				.usingDbTime()
				.build());
		}

		@Bean
		ShedLockJobs shedLockJobs() {
			return new ShedLockJobs();
		}

	}

	public static class Jobs {

		private final AtomicLong calls = new AtomicLong();

		@LeaderOnly("jmh-follower")
		public Long follower() {
			return this.calls.incrementAndGet();
		}

		@LeaderOnly("jmh-leader")
		public Long leader() {
			return this.calls.incrementAndGet();
		}

	}

	public static class VerifiedJobs {

		private final AtomicLong calls = new AtomicLong();

		@LeaderOnly("jmh-verified")
		public Long leader() {
			return this.calls.incrementAndGet();
		}

	}

	public static class ShedLockJobs {

		private final AtomicLong calls = new AtomicLong();

		@SchedulerLock(name = "jmh-shedlock", lockAtMostFor = "PT10S")
		public Long locked() {
			return this.calls.incrementAndGet();
		}

	}

}
