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

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.boot.autoconfigure.jpa.Charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code @LeaderOnly(fenced = true)} with JPA: Spring Boot's
 * {@code JpaTransactionManager} is fenced like a JDBC one. The entity is only persisted,
 * so Hibernate issues the insert at the flush, after the token check: a takeover during
 * the call still leaves no row.
 */
abstract class LeaderFencedJpaTransactionsContractTests extends FencedTransactionsTestSupport {

	static final String GROUP = "fenced-jpa";

	@Override
	protected String group() {
		return GROUP;
	}

	@Override
	protected String chargesTable() {
		return "fenced_jpa_charge";
	}

	@Test
	void aCurrentTokensEntityIsCommitted() {
		runner().run((context) -> {
			FencingToken token = awaitLeading(context);
			context.getBean(JpaJob.class).charge("fresh", () -> {
			});
			assertThat(this.jdbc.queryForList("SELECT token FROM fenced_jpa_charge", Long.class))
				.containsExactly(token.value());
		});
	}

	@Test
	void anEntityFlushedUnderASupersededTokenIsRolledBack() {
		runner().run((context) -> {
			FencingToken token = awaitLeading(context);
			assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
			JpaJob job = context.getBean(JpaJob.class);
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> job.charge("stale", this::takeOver));
			assertThat(charges()).as("rows written under token %s", token.value()).isZero();
			assertThat(context.getBean(RecordingListener.class).outcomes).containsExactly(LeaderJobOutcome.FENCED);
		});
	}

	private ApplicationContextRunner runner() {
		return node(JpaJobConfiguration.class)
			.withConfiguration(AutoConfigurations.of(HibernateJpaAutoConfiguration.class))
			.withPropertyValues("spring.jpa.hibernate.ddl-auto=none");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	@EntityScan(basePackageClasses = Charge.class)
	static class JpaJobConfiguration {

		@Bean
		JpaJob jpaJob() {
			return new JpaJob();
		}

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	static class JpaJob {

		@PersistenceContext
		private EntityManager entityManager;

		@LeaderOnly(value = GROUP, fenced = true)
		@Transactional
		public void charge(String id, Runnable beforeCommit) {
			// Persisted, not flushed: Hibernate inserts at the commit's flush.
			this.entityManager.persist(new Charge(id, LeaderContext.require().value()));
			beforeCommit.run();
		}

	}

}
