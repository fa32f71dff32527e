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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.bench.Stores;
import dev.leader.jdbc.JdbcFencingTokenRegistry;
import dev.leader.jdbc.JdbcFencingTokenSchema;

/**
 * What the JDBC fencing-token registry costs a receiver that admits each request's token
 * in the transaction of the request's effect (PostgreSQL), in requests per second with as
 * many concurrent senders as JMH threads ({@code -t}):
 * <ul>
 * <li>{@code effectOnly}: a transaction that inserts one row (the effect);</li>
 * <li>{@code effectAdmittedOneGroup}: the same transaction with the admission of the
 * token of one group shared by every sender first: the group's row stays locked until the
 * commit, so the senders' transactions run one at a time;</li>
 * <li>{@code effectAdmittedGroupPerSender}: each sender admits a token of a group of its
 * own: no waiting on each other.</li>
 * </ul>
 *
 * @author leader-spring-boot-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcFencingRegistryBenchmark {

	private static final String URL = System.getProperty("bench.jdbc-url",
			"jdbc:postgresql://127.0.0.1:5432/leader_bench");

	private static final AtomicInteger senders = new AtomicInteger();

	private HikariDataSource pool;

	private JdbcTemplate jdbc;

	private TransactionTemplate transaction;

	private JdbcFencingTokenRegistry registry;

	@Setup(Level.Trial)
	public void start() {
		new Stores(URL, 0).prepareDatabase();
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(URL);
		config.setUsername("postgres");
		config.setPassword("");
		config.setPoolName("jmh-fencing");
		config.setMaximumPoolSize(16);
		this.pool = new HikariDataSource(config);
		this.jdbc = new JdbcTemplate(this.pool);
		this.jdbc.execute("DROP TABLE IF EXISTS bench_fencing_token");
		this.jdbc.execute("DROP TABLE IF EXISTS bench_fencing_effect");
		this.jdbc.execute("CREATE TABLE bench_fencing_effect (id BIGSERIAL PRIMARY KEY, group_name VARCHAR(128), "
				+ "token BIGINT)");
		JdbcFencingTokenSchema.create(this.pool, "bench_fencing_token");
		this.registry = new JdbcFencingTokenRegistry(this.pool, "bench_fencing_token");
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(this.pool));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.pool.close();
	}

	@Benchmark
	public Object effectOnly() {
		return this.transaction.execute((status) -> effect("billing"));
	}

	@Benchmark
	public Object effectAdmittedOneGroup() {
		return this.transaction.execute((status) -> {
			this.registry.admit("billing", 42);
			return effect("billing");
		});
	}

	@Benchmark
	public Object effectAdmittedGroupPerSender(Sender sender) {
		return this.transaction.execute((status) -> {
			this.registry.admit(sender.group, 42);
			return effect(sender.group);
		});
	}

	private int effect(String group) {
		return this.jdbc.update("INSERT INTO bench_fencing_effect (group_name, token) VALUES (?, 42)", group);
	}

	/**
	 * The group a sender thread admits tokens of in the group-per-sender case.
	 */
	@State(Scope.Thread)
	public static class Sender {

		final String group = "sender-" + senders.incrementAndGet();

	}

}
