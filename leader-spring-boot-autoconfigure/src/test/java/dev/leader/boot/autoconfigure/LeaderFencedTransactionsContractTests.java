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

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;
import dev.leader.aop.LeaderJobOutcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @LeaderOnly(fenced = true)} with no guard call in user code: a write made under
 * a token that another node superseded before the commit is rolled back, whether the
 * method is {@code @Transactional}, begins a {@code REQUIRES_NEW} transaction
 * programmatically, or is not transactional at all; the fresh leader's writes commit. The
 * takeover is made in the store while the call runs, as a node that took over during a
 * pause would.
 */
abstract class LeaderFencedTransactionsContractTests extends FencedTransactionsTestSupport {

	static final String GROUP = "fenced-billing";

	@Override
	protected String group() {
		return GROUP;
	}

	@Override
	protected String chargesTable() {
		return "fenced_charge_" + this.suffix;
	}

	@Test
	void aCurrentTokensWritesCommitInEveryKindOfTransaction() {
		runner().run((context) -> {
			FencingToken token = awaitLeading(context);
			FencedJob job = context.getBean(FencedJob.class);
			job.transactional("a", () -> {
			});
			job.requiresNew("b", () -> {
			});
			job.plain("c", () -> {
			});
			assertThat(this.jdbc.queryForList("SELECT token FROM " + chargesTable() + " ORDER BY id", Long.class))
				.containsExactly(token.value(), token.value(), token.value());
		});
	}

	@Test
	void aTransactionalWriteUnderASupersededTokenIsRolledBack() {
		assertStaleWriteRefused((job, takeOver) -> job.transactional("stale", takeOver));
	}

	@Test
	void aRequiresNewWriteUnderASupersededTokenIsRolledBack() {
		assertStaleWriteRefused((job, takeOver) -> job.requiresNew("stale", takeOver));
	}

	@Test
	void aPlainWriteUnderASupersededTokenIsRolledBack() {
		assertStaleWriteRefused((job, takeOver) -> job.plain("stale", takeOver));
	}

	private void assertStaleWriteRefused(StaleCall call) {
		runner().run((context) -> {
			FencingToken token = awaitLeading(context);
			FencedJob job = context.getBean(FencedJob.class);
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> call.run(job, this::takeOver));
			assertThat(charges()).as("rows written under token %s", token.value()).isZero();
			RecordingListener listener = context.getBean(RecordingListener.class);
			assertThat(listener.outcomes).containsExactly(LeaderJobOutcome.FENCED);
		});
	}

	private ApplicationContextRunner runner() {
		return node(FencedJobConfiguration.class).withPropertyValues("test.charges=" + chargesTable());
	}

	@FunctionalInterface
	interface StaleCall {

		void run(FencedJob job, Runnable takeOver);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class FencedJobConfiguration {

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		FencedJob fencedJob(DataSource dataSource, PlatformTransactionManager transactionManager,
				org.springframework.core.env.Environment environment) {
			return new FencedJob(new JdbcTemplate(dataSource), transactionManager,
					environment.getRequiredProperty("test.charges"));
		}

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	static class FencedJob {

		private final JdbcTemplate jdbc;

		private final TransactionTemplate requiresNew;

		private final String table;

		FencedJob(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, String table) {
			this.jdbc = jdbc;
			this.requiresNew = new TransactionTemplate(transactionManager);
			this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
			this.table = table;
		}

		@LeaderOnly(value = GROUP, fenced = true)
		@Transactional
		public void transactional(String id, Runnable beforeCommit) {
			charge(id);
			beforeCommit.run();
		}

		@LeaderOnly(value = GROUP, fenced = true)
		public void requiresNew(String id, Runnable beforeCommit) {
			this.requiresNew.executeWithoutResult((status) -> {
				charge(id);
				beforeCommit.run();
			});
		}

		@LeaderOnly(value = GROUP, fenced = true)
		public void plain(String id, Runnable beforeCommit) {
			charge(id);
			beforeCommit.run();
		}

		private void charge(String id) {
			this.jdbc.update("INSERT INTO " + this.table + " (id, token) VALUES (?, ?)", id,
					LeaderContext.require().value());
		}

	}

}
