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

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.jdbc.JdbcLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code @LeaderOnly} advisor on real coordinators: two application contexts share
 * one H2 database, one leads, the other follows.
 */
class LeaderOnlyAdvisorTests {

	private final String database = "jdbc:h2:mem:advisor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private ApplicationContextRunner node(String nodeId) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
			.withUserConfiguration(JobsConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + this.database,
					"spring.datasource.generate-unique-name=false", "leader.node-id=" + nodeId,
					"leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
					"leader.jdbc.retry-interval=100ms");
	}

	@Test
	void leaderRunsWithItsTokenBoundAndFollowerSkipsWithoutRunning() {
		node("leader-node").run((leader) -> {
			awaitLeading(leader, "reports");
			node("follower-node").run((follower) -> {
				Jobs leaderJobs = leader.getBean(Jobs.class);
				Jobs followerJobs = follower.getBean(Jobs.class);
				FencingToken token = leaderJobs.report();
				assertThat(token).isEqualTo(leader.getBean(LeaderCoordinator.class).token("reports").orElseThrow());
				assertThat(followerJobs.report()).isNull();
				assertThat(followerJobs.calls()).isEmpty();
				assertThat(leaderJobs.calls()).containsExactly(token);
				assertThat(LeaderContext.current()).as("token unbound after the call").isEmpty();
				RecordingJobListener followerListener = follower.getBean(RecordingJobListener.class);
				assertThat(followerListener.executions).singleElement().satisfies((execution) -> {
					assertThat(execution.job()).isEqualTo("Jobs.report");
					assertThat(execution.group()).isEqualTo("reports");
					assertThat(execution.outcome()).isEqualTo(LeaderJobOutcome.SKIPPED);
				});
				assertThat(leader.getBean(RecordingJobListener.class).executions)
					.extracting(LeaderJobExecution::outcome)
					.containsExactly(LeaderJobOutcome.RAN);
			});
		});
	}

	@Test
	void optionalMethodsReturnEmptyOnFollowers() {
		node("leader-node").run((leader) -> {
			awaitLeading(leader, "reports");
			node("follower-node").run((follower) -> {
				assertThat(follower.getBean(Jobs.class).optionalReport()).isEmpty();
				assertThat(leader.getBean(Jobs.class).optionalReport()).hasValue("ran");
			});
		});
	}

	@Test
	void metaAnnotationNamesTheGroupAndItIsCampaignedFor() {
		node("solo").run((context) -> {
			assertThat(context.getBean(LeaderCoordinator.class).groups()).contains("reports", "billing");
			awaitLeading(context, "billing");
			assertThat(context.getBean(Jobs.class).charge()).isEqualTo("billing");
		});
	}

	@Test
	void interfaceBeansGetJdkProxiesAndStillRunOnlyOnTheLeader() {
		node("leader-node").run((leader) -> {
			awaitLeading(leader, "reports");
			node("follower-node").run((follower) -> {
				InterfaceJob leaderJob = leader.getBean(InterfaceJob.class);
				assertThat(AopUtils.isJdkDynamicProxy(leaderJob)).isTrue();
				assertThat(AopUtils.isCglibProxy(leader.getBean(Jobs.class))).isTrue();
				assertThat(leaderJob.run()).isEqualTo("reports");
				assertThat(follower.getBean(InterfaceJob.class).run()).isNull();
			});
		});
	}

	@Test
	void asyncMethodsSeeTheirTokenOnTheExecutingThread() throws Exception {
		node("solo").run((context) -> {
			FencingToken expected = awaitLeading(context, "reports");
			CompletableFuture<String> result = context.getBean(AsyncJob.class).run();
			assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(expected + " on " + "async-thread");
		});
	}

	@Test
	void grantedEventsReachEventListeners() {
		node("solo").run((context) -> {
			awaitLeading(context, "reports");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> assertThat(context.getBean(GrantedEvents.class).groups).contains("reports", "billing"));
		});
	}

	@Test
	void verifyBeforeRunCanBeTurnedOff() {
		node("solo").withPropertyValues("leader.verify-before-run=false").run((context) -> {
			awaitLeading(context, "reports");
			assertThat(context.getBean(Jobs.class).report()).isNotNull();
		});
	}

	@Test
	void shutdownLetsARunningCallFinishBeforeTheLeaseIsReleased() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ShutdownNode.class)
			.web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + this.database, "spring.main.banner-mode=off",
					"leader.node-id=closing-node", "leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
					"leader.jdbc.retry-interval=100ms", "leader.shutdown-timeout=10s")
			.run();
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("slow"));
		SlowJob job = context.getBean(SlowJob.class);
		CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(job::run);
		assertThat(job.awaitStarted()).isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		// While the call runs, shutdown waits: the lease stays held and nothing new
		// starts.
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> !closing.isDone() && coordinator.lease("slow").orElseThrow().isActive());
		job.finish();
		assertThat(call.get(10, TimeUnit.SECONDS)).as("the running call completed normally").isTrue();
		closing.get(15, TimeUnit.SECONDS);
		JdbcLeaseStore store = new JdbcLeaseStore(new DriverManagerDataSource(this.database, "sa", ""));
		assertThat(store.read("slow", Duration.ofSeconds(5)).orElseThrow().holder()).as("released after the call")
			.isNull();
	}

	/**
	 * The leader check runs outside transaction advice: a follower's
	 * {@code @Transactional @LeaderOnly} tick is skipped without opening a transaction,
	 * so it borrows no connection.
	 */
	@Test
	void aFollowersTransactionalTickBorrowsNoConnection() {
		node("tx-leader").run((leader) -> {
			awaitLeading(leader, "reports");
			node("tx-follower").withUserConfiguration(TransactionalJobConfiguration.class).run((follower) -> {
				LeaderCoordinator coordinator = follower.getBean(LeaderCoordinator.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> coordinator.lease("reports").flatMap(Lease::activeHolder).isPresent());
				BorrowingThreads borrowing = follower.getBean(BorrowingThreads.class);
				TransactionalJob job = follower.getBean(TransactionalJob.class);
				// The context started on this thread (schema, store check): count from
				// now.
				borrowing.threads().clear();
				assertThat(job.tick()).as("skipped on the follower").isNull();
				assertThat(borrowing.threads()).as("threads that borrowed a connection")
					.doesNotContain(Thread.currentThread());
			});
		});
	}

	/**
	 * On the leader the same method runs inside its transaction, under its token.
	 */
	@Test
	void aLeadersTransactionalTickRunsInsideItsTransaction() {
		node("tx-solo").withUserConfiguration(TransactionalJobConfiguration.class).run((context) -> {
			FencingToken token = awaitLeading(context, "reports");
			assertThat(context.getBean(TransactionalJob.class).tick()).isEqualTo("in a transaction under " + token);
		});
	}

	/**
	 * Spring stops and restarts the lifecycle beans of paused contexts (the test context
	 * cache does): the node releases its leases when stopped, and campaigns and runs
	 * leader-only calls again when started.
	 */
	@Test
	void aStoppedContextLeadsAgainWhenRestarted() {
		node("restarted").run((context) -> {
			FencingToken first = awaitLeading(context, "reports");
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			ConfigurableApplicationContext application = context.getSourceApplicationContext();
			application.stop();
			assertThat(coordinator.isLeader("reports")).isFalse();
			assertThat(coordinator.lease("reports").orElseThrow().activeHolder()).as("released when stopped").isEmpty();
			assertThat(context.getBean(Jobs.class).report()).as("skipped while stopped").isNull();
			application.start();
			FencingToken second = awaitLeading(context, "reports");
			assertThat(second.value()).isGreaterThan(first.value());
			assertThat(context.getBean(Jobs.class).report()).isEqualTo(second);
			application.pause();
			assertThat(coordinator.isLeader("reports")).isFalse();
			application.restart();
			FencingToken third = awaitLeading(context, "reports");
			assertThat(third.value()).isGreaterThan(second.value());
			assertThat(context.getBean(Jobs.class).report()).isEqualTo(third);
		});
	}

	/**
	 * A lost lease interrupts the group's running call at once, from the coordinator's
	 * own thread, even while an application listener hangs on the revocation event.
	 */
	@Test
	void lostLeaseInterruptsARunningCallWhileAListenerHangs() {
		node("interrupted").withUserConfiguration(HangingListenerConfiguration.class).run((context) -> {
			awaitLeading(context, "slow");
			SlowJob job = context.getBean(SlowJob.class);
			HangingRevocationListener listener = context.getBean(HangingRevocationListener.class);
			try {
				CompletableFuture<Boolean> call = CompletableFuture.supplyAsync(job::run);
				assertThat(job.awaitStarted()).isTrue();
				// Another node took over in the store: the next renewal fails.
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				jdbc.update("UPDATE leader_lease SET holder = 'usurper', token = token + 1, "
						+ "expires_at = DATEADD(MINUTE, 5, CURRENT_TIMESTAMP) WHERE group_name = 'slow'");
				assertThat(call.get(5, TimeUnit.SECONDS)).as("the call was interrupted").isFalse();
				assertThat(listener.hanging()).as("the listener still hangs").isTrue();
			}
			finally {
				listener.release();
			}
		});
	}

	@Test
	void primitiveReturnTypesAreRefusedAtStartup() {
		node("solo").withUserConfiguration(PrimitiveJobConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("@LeaderOnly method " + PrimitiveJob.class.getName() + ".count() returns int")
				.contains("return void, a wrapper type such as Integer");
		});
	}

	@Test
	void reactiveReturnTypesAreRefusedAtStartup() {
		node("solo").withUserConfiguration(ReactiveJobConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ReactiveJob.run()")
				.hasMessageContaining("reactor.core.publisher.Mono")
				.hasMessageContaining("once, not per tick");
		});
	}

	@Test
	void invalidGroupsInAnnotationsAreRefusedAtStartup() {
		node("solo").withUserConfiguration(InvalidGroupConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("names an invalid group: Group name 'no spaces' is invalid");
		});
	}

	private static FencingToken awaitLeading(AssertableApplicationContext context, String group) {
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader(group));
		return coordinator.token(group).orElseThrow();
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@LeaderOnly("billing")
	@interface BillingLeader {

	}

	static class Jobs {

		private final List<FencingToken> calls = new CopyOnWriteArrayList<>();

		/** Through a method: a CGLIB proxy's own fields are not the target's. */
		public List<FencingToken> calls() {
			return this.calls;
		}

		@LeaderOnly("reports")
		public FencingToken report() {
			FencingToken token = LeaderContext.require();
			this.calls.add(token);
			return token;
		}

		@LeaderOnly("reports")
		public Optional<String> optionalReport() {
			return Optional.of("ran");
		}

		@BillingLeader
		public String charge() {
			return LeaderContext.require().group();
		}

	}

	interface InterfaceJob {

		String run();

	}

	static class ReportsInterfaceJob implements InterfaceJob {

		@Override
		@LeaderOnly("reports")
		public String run() {
			return LeaderContext.require().group();
		}

	}

	static class AsyncJob {

		@Async
		@LeaderOnly("reports")
		public CompletableFuture<String> run() {
			String thread = Thread.currentThread().getName().startsWith("task-") ? "async-thread" : "caller";
			return CompletableFuture.completedFuture(LeaderContext.require() + " on " + thread);
		}

	}

	static class RecordingJobListener implements LeaderJobListener {

		final List<LeaderJobExecution> executions = new CopyOnWriteArrayList<>();

		@Override
		public void onExecution(LeaderJobExecution execution) {
			this.executions.add(execution);
		}

	}

	static class GrantedEvents {

		final List<String> groups = new CopyOnWriteArrayList<>();

		@EventListener
		void granted(LeadershipGrantedEvent event) {
			this.groups.add(event.getGroup());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class JobsConfiguration {

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

		@Bean
		InterfaceJob interfaceJob() {
			return new ReportsInterfaceJob();
		}

		@Bean
		AsyncJob asyncJob() {
			return new AsyncJob();
		}

		@Bean
		RecordingJobListener recordingJobListener() {
			return new RecordingJobListener();
		}

		@Bean
		GrantedEvents grantedEvents() {
			return new GrantedEvents();
		}

		@Bean
		org.springframework.core.task.TaskExecutor taskExecutor() {
			org.springframework.core.task.SimpleAsyncTaskExecutor executor = new org.springframework.core.task.SimpleAsyncTaskExecutor(
					"task-");
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ShutdownNode {

		@Bean
		SlowJob slowJob() {
			return new SlowJob();
		}

	}

	static class SlowJob {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch finish = new CountDownLatch(1);

		// Through methods: a CGLIB proxy's own fields are not the target's.
		public boolean awaitStarted() throws InterruptedException {
			return this.started.await(10, TimeUnit.SECONDS);
		}

		public void finish() {
			this.finish.countDown();
		}

		@LeaderOnly("slow")
		public Boolean run() {
			this.started.countDown();
			try {
				return this.finish.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HangingListenerConfiguration {

		@Bean
		SlowJob slowJob() {
			return new SlowJob();
		}

		@Bean
		HangingRevocationListener hangingRevocationListener() {
			return new HangingRevocationListener();
		}

	}

	static class HangingRevocationListener {

		private final CountDownLatch hangs = new CountDownLatch(1);

		private final CountDownLatch release = new CountDownLatch(1);

		// Heard first: it holds up every listener behind it on the event thread.
		@EventListener
		@Order(Ordered.HIGHEST_PRECEDENCE)
		void revoked(LeadershipRevokedEvent event) throws InterruptedException {
			this.hangs.countDown();
			this.release.await(30, TimeUnit.SECONDS);
		}

		boolean hanging() throws InterruptedException {
			return this.hangs.await(10, TimeUnit.SECONDS) && this.release.getCount() > 0;
		}

		void release() {
			this.release.countDown();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class TransactionalJobConfiguration {

		@Bean
		static BorrowingThreads borrowingThreads() {
			return new BorrowingThreads();
		}

		@Bean
		DataSourceTransactionManager transactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

		@Bean
		TransactionalJob transactionalJob() {
			return new TransactionalJob();
		}

	}

	static class TransactionalJob {

		@LeaderOnly("reports")
		@Transactional
		public String tick() {
			return (TransactionSynchronizationManager.isActualTransactionActive() ? "in a transaction" : "outside")
					+ " under " + LeaderContext.require();
		}

	}

	/**
	 * Wraps the DataSource to record which threads borrow connections.
	 */
	static class BorrowingThreads implements BeanPostProcessor {

		private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

		Set<Thread> threads() {
			return this.threads;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (!(bean instanceof DataSource dataSource)) {
				return bean;
			}
			return new DelegatingDataSource(dataSource) {

				@Override
				public Connection getConnection() throws SQLException {
					BorrowingThreads.this.threads.add(Thread.currentThread());
					return super.getConnection();
				}

			};
		}

	}

	static class PrimitiveJob {

		@LeaderOnly
		public int count() {
			return 1;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimitiveJobConfiguration {

		@Bean
		PrimitiveJob primitiveJob() {
			return new PrimitiveJob();
		}

	}

	static class ReactiveJob {

		@LeaderOnly
		public Mono<String> run() {
			return Mono.just("ran");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveJobConfiguration {

		@Bean
		ReactiveJob reactiveJob() {
			return new ReactiveJob();
		}

	}

	static class InvalidGroupJob {

		@LeaderOnly("no spaces")
		public void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InvalidGroupConfiguration {

		@Bean
		InvalidGroupJob invalidGroupJob() {
			return new InvalidGroupJob();
		}

	}

}
