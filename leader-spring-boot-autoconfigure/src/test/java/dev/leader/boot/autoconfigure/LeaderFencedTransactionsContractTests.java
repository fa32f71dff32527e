package dev.leader.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
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
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @LeaderOnly(fenced = true)} with no guard call in user code: a write made under
 * a token that another node superseded before the commit is rolled back, whether the
 * method is {@code @Transactional}, begins a {@code REQUIRES_NEW} transaction
 * programmatically, or is not transactional at all; the fresh leader's writes commit. The
 * takeover is made in the store while the call runs, as a node that took over during a
 * pause would.
 */
abstract class LeaderFencedTransactionsContractTests {

	static final String GROUP = "fenced-billing";

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
		this.pool = database().newPool(this.instance, "fenced-" + this.suffix);
		this.jdbc = new JdbcTemplate(this.pool);
		JdbcLeaseSchema.create(this.pool, JdbcLeaseStore.DEFAULT_TABLE_NAME);
		this.jdbc.execute("CREATE TABLE " + charges() + " (id VARCHAR(64) PRIMARY KEY, token BIGINT NOT NULL)");
	}

	@AfterEach
	void cleanUp() {
		if (this.pool != null) {
			this.jdbc.execute("DROP TABLE " + charges());
			this.pool.close();
		}
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
			assertThat(this.jdbc.queryForList("SELECT token FROM " + charges() + " ORDER BY id", Long.class))
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
			assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM " + charges(), Integer.class))
				.as("rows written under token %s", token.value())
				.isZero();
			RecordingListener listener = context.getBean(RecordingListener.class);
			assertThat(listener.outcomes).containsExactly(LeaderJobOutcome.FENCED);
		});
	}

	/** Another node takes the lease over in the store while the call still runs. */
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
		// A lease left by an earlier run on a shared server database is given up first.
		this.jdbc.update("UPDATE leader_lease SET holder = NULL WHERE group_name = ?", GROUP);
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class))
			.withBean(DataSource.class, () -> database().newPool(this.instance, "node-" + this.suffix))
			.withUserConfiguration(FencedJobConfiguration.class)
			.withPropertyValues("leader.node-id=fenced-" + this.suffix, "leader.lease-duration=2s",
					"leader.renew-interval=500ms", "leader.retry-interval=100ms", "leader.verify-before-run=false",
					"leader.jdbc.initialize-schema=always", "test.charges=" + charges());
	}

	private String charges() {
		return "fenced_charge_" + this.suffix;
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

	static class RecordingListener implements LeaderJobListener {

		final List<LeaderJobOutcome> outcomes = new CopyOnWriteArrayList<>();

		@Override
		public void onExecution(LeaderJobExecution execution) {
			this.outcomes.add(execution.outcome());
		}

	}

}
