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

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestZookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application on the ZooKeeper store whose connection is cut while a
 * {@code @LeaderOnly} call runs: the connection is suspended, leadership ends with
 * {@link RevocationReason#STORE_UNREACHABLE}, the running call is interrupted, and once
 * the connection is back the node campaigns again and leads with a higher token.
 */
class LeaderZookeeperConnectionTests {

	private static TestingServer zookeeper;

	@BeforeAll
	static void startZookeeper() {
		zookeeper = TestZookeeper.startServer();
	}

	@AfterAll
	static void stopZookeeper() throws IOException {
		zookeeper.close();
	}

	@Test
	void suspendedConnectionEndsLeadershipAndInterruptsRunningCallsAndTheNodeCampaignsAgain() {
		try (TcpProxy proxy = new TcpProxy("127.0.0.1", zookeeper.getPort())) {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class))
				.withUserConfiguration(BlockingJobConfiguration.class)
				.withPropertyValues("leader.zookeeper.connect-string=127.0.0.1:" + proxy.port(),
						"leader.zookeeper.session-timeout=2s", "leader.zookeeper.connection-timeout=1s",
						"leader.zookeeper.retry-interval=200ms", "leader.node-id=node-a")
				.run((context) -> {
					LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("reports"));
					FencingToken first = coordinator.token("reports").orElseThrow();
					BlockingJob job = context.getBean(BlockingJob.class);
					ExecutorService caller = Executors.newSingleThreadExecutor();
					Future<FencingToken> call = caller.submit(job::run);
					caller.shutdown();
					assertThat(job.started().await(10, TimeUnit.SECONDS)).isTrue();

					proxy.cut();

					await().atMost(Duration.ofSeconds(5)).until(job::wasInterrupted);
					assertThat(call.get(5, TimeUnit.SECONDS)).isEqualTo(first);
					assertThat(coordinator.isLeader("reports")).isFalse();
					Revocations revocations = context.getBean(Revocations.class);
					await().atMost(Duration.ofSeconds(5))
						.untilAsserted(() -> assertThat(revocations.events).singleElement().satisfies((event) -> {
							assertThat(event.getToken()).isEqualTo(first);
							assertThat(event.getReason()).isEqualTo(RevocationReason.STORE_UNREACHABLE);
						}));

					proxy.heal();

					await().atMost(Duration.ofSeconds(15)).until(() -> coordinator.isLeader("reports"));
					assertThat(coordinator.token("reports").orElseThrow().value()).isGreaterThan(first.value());
				});
		}
	}

	/**
	 * Read through methods: a CGLIB proxy's own fields are not the target's.
	 */
	static class BlockingJob {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch never = new CountDownLatch(1);

		private volatile boolean interrupted;

		public CountDownLatch started() {
			return this.started;
		}

		public boolean wasInterrupted() {
			return this.interrupted;
		}

		@LeaderOnly("reports")
		public FencingToken run() {
			FencingToken token = LeaderContext.require();
			this.started.countDown();
			try {
				this.never.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				this.interrupted = true;
			}
			return token;
		}

	}

	static class Revocations {

		final List<LeadershipRevokedEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void revoked(LeadershipRevokedEvent event) {
			this.events.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BlockingJobConfiguration {

		@Bean
		BlockingJob blockingJob() {
			return new BlockingJob();
		}

		@Bean
		Revocations revocations() {
			return new Revocations();
		}

	}

}
