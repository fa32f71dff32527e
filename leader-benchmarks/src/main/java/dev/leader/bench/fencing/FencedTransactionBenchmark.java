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

package dev.leader.bench.fencing;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.bench.Stores;
import dev.leader.bench.node.CountingDataSource;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;

/**
 * What fencing adds to a transaction that writes into the lease table's database: the
 * same {@code @Transactional} method (one {@code UPDATE} of a row of its own) called
 * <ul>
 * <li>{@code plainTransaction}: without {@code @LeaderOnly};</li>
 * <li>{@code unfencedTransaction}: {@code @LeaderOnly} on the leader;</li>
 * <li>{@code fencedTransaction}: {@code @LeaderOnly(fenced = true)} on the leader, so the
 * transaction locks the group's lease row in shared mode and checks the token right
 * before its commit.</li>
 * </ul>
 * {@code leader.verify-before-run} is off, so the leader-only calls cost no store read
 * before the method runs (that read is measured by {@code InvocationBenchmark}). On
 * PostgreSQL ({@code leader_bench}) and H2 in memory.
 *
 * @author leader-spring-boot-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FencedTransactionBenchmark {

	static final String GROUP = "jmh-fenced";

	private static final String POSTGRESQL_URL = System.getProperty("bench.jdbc-url",
			"jdbc:postgresql://127.0.0.1:5432/leader_bench");

	static final String[] KINDS = { "plain", "unfenced", "fenced" };

	private static final int STATEMENT_SAMPLE = 200;

	/**
	 * The database the benchmark runs against: {@code postgresql} or {@code h2}.
	 */
	@Param({ "postgresql", "h2" })
	public String database;

	private ConfigurableApplicationContext context;

	private Writes writes;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.context = start(this.database);
		this.writes = this.context.getBean(Writes.class);
		// How many statements each kind of call sends (the coordinator's own renewals,
		// a few per second at most, run alongside and are included).
		CountingDataSource counting = this.context.getBean(CountingDataSource.class);
		StringBuilder counts = new StringBuilder("statements per call on " + this.database + ":");
		for (String kind : KINDS) {
			long before = counting.statements();
			for (int i = 0; i < STATEMENT_SAMPLE; i++) {
				call(this.writes, kind);
			}
			counts.append(' ')
				.append(kind)
				.append('=')
				.append(String.format(Locale.ROOT, "%.2f",
						(counting.statements() - before) / (double) STATEMENT_SAMPLE));
		}
		System.out.println(counts);
	}

	/**
	 * The starter on the database, leading {@value #GROUP}, with one row per kind of call
	 * to update.
	 * @param database {@code postgresql} or {@code h2}
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(String database) throws InterruptedException {
		String url;
		if ("postgresql".equals(database)) {
			new Stores(POSTGRESQL_URL, 0).prepareDatabase();
			url = POSTGRESQL_URL;
			// A lease left by an earlier run on the shared database is given up first.
			try (HikariDataSource pool = pool(url)) {
				new JdbcTemplate(pool).execute("UPDATE leader_lease SET holder = NULL, expires_at = clock_timestamp() "
						+ "WHERE group_name = '" + GROUP + "'");
			}
			catch (RuntimeException ex) {
				// No lease table yet: nothing to give up.
			}
		}
		else {
			url = "jdbc:h2:mem:jmh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WriterConfiguration.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN", "leader.node-id=jmh-fencing-node",
					"leader.verify-before-run=false", "leader.jdbc.initialize-schema=always", "bench.url=" + url)
			.run();
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("CREATE TABLE IF NOT EXISTS jmh_fenced_write (id VARCHAR(16) PRIMARY KEY, n BIGINT NOT NULL)");
		jdbc.execute("DELETE FROM jmh_fenced_write");
		for (String id : KINDS) {
			jdbc.update("INSERT INTO jmh_fenced_write (id, n) VALUES (?, 0)", id);
		}
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!coordinator.isLeader(GROUP)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Set-up did not converge in 60 s");
			}
			Thread.sleep(20);
		}
		Writes writes = context.getBean(Writes.class);
		for (String kind : KINDS) {
			if (!Integer.valueOf(1).equals(call(writes, kind))) {
				throw new IllegalStateException("Benchmark set-up is wrong: the " + kind + " write did not happen");
			}
		}
		return context;
	}

	static HikariDataSource pool(String url) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url);
		config.setUsername(url.startsWith("jdbc:h2") ? "sa" : "postgres");
		config.setPassword("");
		config.setPoolName("jmh-fencing");
		config.setMaximumPoolSize(4);
		return new HikariDataSource(config);
	}

	static Integer call(Writes writes, String kind) {
		return switch (kind) {
			case "plain" -> writes.plain();
			case "unfenced" -> writes.unfenced();
			default -> writes.fenced();
		};
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	@Benchmark
	public Integer plainTransaction() {
		return this.writes.plain();
	}

	@Benchmark
	public Integer unfencedTransaction() {
		return this.writes.unfenced();
	}

	@Benchmark
	public Integer fencedTransaction() {
		return this.writes.fenced();
	}

	/** The starter on one pool: the lease table and the written table share it. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(LeaderAutoConfiguration.class)
	@EnableTransactionManagement
	static class WriterConfiguration {

		@Bean(destroyMethod = "close")
		HikariDataSource pool(Environment environment) {
			return FencedTransactionBenchmark.pool(environment.getRequiredProperty("bench.url"));
		}

		@Bean
		CountingDataSource countingDataSource(HikariDataSource pool) {
			return new CountingDataSource(pool);
		}

		/** What the starter, the transaction manager and the writes use. */
		@Bean
		@Primary
		DataSource dataSource(CountingDataSource counting) {
			return counting.dataSource();
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		JdbcTemplate jdbcTemplate(DataSource dataSource) {
			return new JdbcTemplate(dataSource);
		}

		@Bean
		Writes writes(JdbcTemplate jdbc) {
			return new Writes(jdbc);
		}

	}

	public static class Writes {

		private final JdbcTemplate jdbc;

		Writes(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional
		public Integer plain() {
			return write("plain");
		}

		@LeaderOnly(GROUP)
		@Transactional
		public Integer unfenced() {
			return write("unfenced");
		}

		@LeaderOnly(value = GROUP, fenced = true)
		@Transactional
		public Integer fenced() {
			return write("fenced");
		}

		private int write(String id) {
			return this.jdbc.update("UPDATE jmh_fenced_write SET n = n + 1 WHERE id = ?", id);
		}

	}

}
