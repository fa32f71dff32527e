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

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.fencing.FencingTokenHeader;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;
import dev.leader.test.TestRabbitMq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fencing tokens on RabbitMQ messages, on the local broker: a leader whose process is
 * paused in the middle of a leader-only call loses its lease (its nodes share a JDBC
 * store on H2) to a real successor; the successor's messages reach the consumer, and the
 * paused leader's late message, sent under its superseded token once it resumes, is
 * dropped by the consumer, counted and logged, while the successor's next message is
 * processed.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaderMessageFencingRabbitMqTests {

	static final String GROUP = "ledger";

	private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final String queue = "leader-fencing-" + this.suffix;

	private final String instance = TestDatabase.H2.newInstance();

	private final List<HikariDataSource> pools = new CopyOnWriteArrayList<>();

	@BeforeEach
	void requireBroker() {
		TestRabbitMq.assumeAvailable();
	}

	@AfterEach
	void closePools() {
		this.pools.forEach(HikariDataSource::close);
	}

	/** The H2 lease store the nodes share; each node gets a pool of its own. */
	private DataSource storePool(String name) {
		HikariDataSource pool = TestDatabase.H2.newPool(this.instance, name + "-" + this.suffix,
				(config) -> config.setConnectionTimeout(10_000));
		this.pools.add(pool);
		return pool;
	}

	@Test
	void aPausedLeadersLateMessageIsDroppedWhileItsSuccessorsAreProcessed(CapturedOutput output) {
		JdbcLeaseSchema.create(storePool("schema"), JdbcLeaseStore.DEFAULT_TABLE_NAME);
		CuttableDataSource storeOfA = new CuttableDataSource(storePool("a"));
		consumer().run((consumer) -> {
			assertThat(consumer).hasNotFailed();
			Received received = consumer.getBean(Received.class);
			node("node-a", storeOfA).run((a) -> {
				FencingToken superseded = awaitLeading(a);
				LedgerJob jobOfA = a.getBean(LedgerJob.class);
				jobOfA.send("a-1");
				received.awaitProcessed("a-1@" + format(superseded));

				// A pauses in the middle of a leader-only call, and while it is paused
				// its
				// store sees nothing from it any more, as if SIGSTOP had hit the process.
				CountDownLatch paused = new CountDownLatch(1);
				CountDownLatch resume = new CountDownLatch(1);
				CompletableFuture<Void> lateCall = CompletableFuture
					.runAsync(() -> jobOfA.sendAfterPause("a-late", paused, resume));
				assertThat(paused.await(10, TimeUnit.SECONDS)).isTrue();
				storeOfA.cut();

				node("node-b", storePool("b")).run((b) -> {
					FencingToken current = awaitLeading(b);
					assertThat(current.value()).isGreaterThan(superseded.value());
					LedgerJob jobOfB = b.getBean(LedgerJob.class);
					jobOfB.send("b-1");
					jobOfB.send("b-2");
					received.awaitProcessed("b-2@" + format(current));

					resume.countDown();
					lateCall.get(20, TimeUnit.SECONDS);
					// The queue is FIFO with one consumer: once b-3 arrives, a-late was
					// judged.
					jobOfB.send("b-3");
					received.awaitProcessed("b-3@" + format(current));

					assertThat(received.messages).containsExactly("a-1@" + format(superseded), "b-1@" + format(current),
							"b-2@" + format(current), "b-3@" + format(current));
					MeterRegistry meters = consumer.getBean(MeterRegistry.class);
					assertThat(counted(meters, "stale")).isEqualTo(1.0);
					assertThat(counted(meters, "accepted")).isEqualTo(4.0);
					assertThat(output).contains("Dropped a message of group 'ledger' sent under fencing token "
							+ superseded.value() + ": token " + current.value() + " is current");
				});
			});
		});
	}

	@Test
	void aRefusedMessageIsDeadLetteredWhenConfiguredToReject() {
		String deadLetters = this.queue + ".dlq";
		consumer()
			.withPropertyValues("leader.fencing.messages.receive.refused-action=reject",
					"test.dead-letters=" + deadLetters)
			.run((consumer) -> {
				assertThat(consumer).hasNotFailed();
				Received received = consumer.getBean(Received.class);
				RabbitTemplate template = consumer.getBean(RabbitTemplate.class);
				sendUnder(template, new FencingToken(GROUP, 8, "node-b#00000002"), "fresh");
				sendUnder(template, new FencingToken(GROUP, 7, "node-a#00000001"), "stale");
				sendUnder(template, new FencingToken(GROUP, 8, "node-b#00000002"), "fresh-again");
				received.awaitProcessed("fresh-again@" + GROUP + ":8");
				assertThat(received.messages).containsExactly("fresh@ledger:8", "fresh-again@ledger:8");
				Message deadLetter = template.receive(deadLetters, 10_000);
				assertThat(deadLetter).isNotNull();
				assertThat(new String(deadLetter.getBody())).isEqualTo("stale");
				assertThat((String) deadLetter.getMessageProperties().getHeader(FencingTokenHeader.NAME))
					.isEqualTo("ledger:7");
			});
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	private void sendUnder(RabbitTemplate template, FencingToken token, String payload) {
		// The auto-configured template stamps the token bound to the sending thread.
		try (LeaderContext.Scope scope = LeaderContext.bind(token)) {
			template.convertAndSend("", this.queue, payload);
		}
	}

	private ApplicationContextRunner consumer() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RabbitAutoConfiguration.class, LeaderMessagingFencingAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withUserConfiguration(ConsumerConfiguration.class)
			.withPropertyValues(rabbit())
			.withPropertyValues("leader.fencing.messages.receive.rabbit-listeners=true", "test.queue=" + this.queue);
	}

	private ApplicationContextRunner node(String nodeId, DataSource dataSource) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class, RabbitAutoConfiguration.class,
					LeaderMessagingFencingAutoConfiguration.class))
			.withBean(DataSource.class, () -> dataSource)
			.withUserConfiguration(LedgerJobConfiguration.class)
			.withPropertyValues(rabbit())
			.withPropertyValues("leader.node-id=" + nodeId + "-" + this.suffix, "leader.groups=" + GROUP,
					"leader.lease-duration=2s", "leader.renew-interval=500ms", "leader.retry-interval=100ms",
					"leader.jdbc.initialize-schema=never", "test.queue=" + this.queue);
	}

	private static String[] rabbit() {
		return new String[] { "spring.rabbitmq.host=" + TestRabbitMq.HOST, "spring.rabbitmq.port=" + TestRabbitMq.PORT,
				"spring.rabbitmq.username=" + TestRabbitMq.USER, "spring.rabbitmq.password=" + TestRabbitMq.PASSWORD };
	}

	private static FencingToken awaitLeading(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.isLeader(GROUP));
		return coordinator.token(GROUP).orElseThrow();
	}

	private static String format(FencingToken token) {
		return FencingTokenHeader.format(token);
	}

	private static double counted(MeterRegistry meters, String outcome) {
		return meters.get("leader.fencing.messages").tag("group", GROUP).tag("outcome", outcome).counter().count();
	}

	@Configuration(proxyBeanMethods = false)
	static class LedgerJobConfiguration {

		@Bean
		LedgerJob ledgerJob(RabbitTemplate template, Environment environment) {
			return new LedgerJob(template, environment.getRequiredProperty("test.queue"));
		}

	}

	static class LedgerJob {

		private final RabbitTemplate template;

		private final String queue;

		LedgerJob(RabbitTemplate template, String queue) {
			this.template = template;
			this.queue = queue;
		}

		@LeaderOnly(GROUP)
		public void send(String payload) {
			this.template.convertAndSend("", this.queue, payload);
		}

		@LeaderOnly(GROUP)
		public void sendAfterPause(String payload, CountDownLatch paused, CountDownLatch resume) {
			paused.countDown();
			boolean interrupted = false;
			while (true) {
				try {
					resume.await();
					break;
				}
				catch (InterruptedException ex) {
					// The node interrupts the call when it steps down; a process paused
					// by
					// SIGSTOP only notices after it resumed and sent.
					interrupted = true;
				}
			}
			try {
				this.template.convertAndSend("", this.queue, payload);
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConsumerConfiguration {

		@Bean
		Queue fencedQueue(Environment environment) {
			String deadLetters = environment.getProperty("test.dead-letters");
			Map<String, Object> arguments = (deadLetters != null)
					? Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadLetters) : Map.of();
			return new Queue(environment.getRequiredProperty("test.queue"), false, false, true, arguments);
		}

		@Bean
		Queue deadLetterQueue(Environment environment) {
			// Never consumed, so not auto-deleted: it expires a minute after its last
			// use.
			return new Queue(environment.getRequiredProperty("test.queue") + ".dlq", false, false, false,
					Map.of("x-expires", 60_000));
		}

		@Bean
		Received received() {
			return new Received();
		}

	}

	/**
	 * The consumer's listener: records {@code payload@token} of every message it
	 * processes.
	 */
	static class Received {

		final List<String> messages = new CopyOnWriteArrayList<>();

		@RabbitListener(queues = "${test.queue}")
		void onMessage(Message message) {
			Object token = message.getMessageProperties().getHeader(FencingTokenHeader.NAME);
			this.messages.add(new String(message.getBody()) + "@" + token);
		}

		void awaitProcessed(String message) {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.messages.contains(message));
		}

	}

	/**
	 * A node's way to its store, which the test can cut: every connection attempt fails
	 * from then on.
	 */
	static final class CuttableDataSource extends DelegatingDataSource {

		private volatile boolean cut;

		CuttableDataSource(DataSource target) {
			super(target);
		}

		void cut() {
			this.cut = true;
		}

		@Override
		public Connection getConnection() throws SQLException {
			refuseIfCut();
			return super.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			refuseIfCut();
			return super.getConnection(username, password);
		}

		private void refuseIfCut() throws SQLException {
			if (this.cut) {
				throw new SQLTransientConnectionException("The test cut this node off its store");
			}
		}

	}

}
