package dev.leader.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.boot.autoconfigure.jpa.Charge;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @LeaderOnly(fenced = true)} with JPA: Spring Boot's
 * {@code JpaTransactionManager} is fenced like a JDBC one. The entity is only persisted,
 * so Hibernate issues the insert at the flush, after the token check: a takeover during
 * the call still leaves no row.
 */
abstract class LeaderFencedJpaTransactionsContractTests {

	static final String GROUP = "fenced-jpa";

	private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private String instance;

	private HikariDataSource pool;

	private JdbcTemplate jdbc;

	protected abstract TestDatabase database();

	/** SQL for "the database clock plus five minutes". */
	protected abstract String inFiveMinutes();

	@BeforeEach
	void prepare() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		this.pool = database().newPool(this.instance, "jpa-" + this.suffix);
		this.jdbc = new JdbcTemplate(this.pool);
		JdbcLeaseSchema.create(this.pool, JdbcLeaseStore.DEFAULT_TABLE_NAME);
		this.jdbc.execute("DROP TABLE IF EXISTS fenced_jpa_charge");
		this.jdbc.execute("CREATE TABLE fenced_jpa_charge (id VARCHAR(64) PRIMARY KEY, token BIGINT NOT NULL)");
		this.jdbc.update("UPDATE leader_lease SET holder = NULL WHERE group_name = ?", GROUP);
	}

	@AfterEach
	void cleanUp() {
		if (this.pool != null) {
			this.jdbc.execute("DROP TABLE fenced_jpa_charge");
			this.pool.close();
		}
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
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM fenced_jpa_charge", Integer.class))
				.as("rows written under token %s", token.value())
				.isZero();
			assertThat(context.getBean(RecordingListener.class).outcomes).containsExactly(LeaderJobOutcome.FENCED);
		});
	}

	private void takeOver() {
		int taken = this.jdbc.update("UPDATE leader_lease SET holder = 'usurper#00000000', token = token + 1, "
				+ "expires_at = " + inFiveMinutes() + " WHERE group_name = ?", GROUP);
		assertThat(taken).isOne();
	}

	private FencingToken awaitLeading(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> coordinator.isLeader(GROUP));
		return coordinator.token(GROUP).orElseThrow();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(HibernateJpaAutoConfiguration.class, LeaderAutoConfiguration.class))
			.withBean(DataSource.class, () -> database().newPool(this.instance, "jpa-node-" + this.suffix))
			.withUserConfiguration(JpaJobConfiguration.class)
			.withPropertyValues("leader.node-id=jpa-" + this.suffix, "leader.lease-duration=2s",
					"leader.renew-interval=500ms", "leader.retry-interval=100ms", "leader.verify-before-run=false",
					"spring.jpa.hibernate.ddl-auto=none");
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

	static class RecordingListener implements LeaderJobListener {

		final List<LeaderJobOutcome> outcomes = new CopyOnWriteArrayList<>();

		@Override
		public void onExecution(LeaderJobExecution execution) {
			this.outcomes.add(execution.outcome());
		}

	}

}
