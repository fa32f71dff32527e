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

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Micrometer's context propagation, the token of a {@code @LeaderOnly} call reaches
 * the work it hands to an {@code @Async} method and to a Reactor chain on other threads.
 */
class LeaderContextPropagationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
		.withUserConfiguration(HandOffConfiguration.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:propagation-" + UUID.randomUUID(),
				"leader.node-id=propagating", "leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
				"leader.jdbc.retry-interval=100ms");

	@BeforeAll
	static void propagateIntoReactor() {
		Hooks.enableAutomaticContextPropagation();
	}

	@AfterAll
	static void stopPropagatingIntoReactor() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void handedOffWorkSeesTheTokenOfTheLeaderOnlyCall() {
		this.runner.run((context) -> {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("reports"));
			FencingToken token = coordinator.token("reports").orElseThrow();
			List<Optional<FencingToken>> seen = context.getBean(HandOffJob.class).handOff();
			assertThat(seen).containsExactly(Optional.of(token), Optional.of(token), Optional.of(token));
			assertThat(LeaderContext.current()).as("nothing left bound on the calling thread").isEmpty();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class HandOffConfiguration {

		@Bean
		ThreadPoolTaskExecutor taskExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setThreadNamePrefix("worker-");
			executor.setTaskDecorator(new ContextPropagatingTaskDecorator());
			return executor;
		}

		@Bean
		AsyncWorker asyncWorker() {
			return new AsyncWorker();
		}

		@Bean
		HandOffJob handOffJob(AsyncWorker worker) {
			return new HandOffJob(worker);
		}

	}

	static class AsyncWorker {

		@Async
		public CompletableFuture<Optional<FencingToken>> token() {
			boolean elsewhere = Thread.currentThread().getName().startsWith("worker-");
			return CompletableFuture.completedFuture(elsewhere ? LeaderContext.current() : Optional.empty());
		}

	}

	static class HandOffJob {

		private final AsyncWorker worker;

		HandOffJob(AsyncWorker worker) {
			this.worker = worker;
		}

		@LeaderOnly("reports")
		public List<Optional<FencingToken>> handOff() throws Exception {
			Optional<FencingToken> own = LeaderContext.current();
			Optional<FencingToken> async = this.worker.token().get(10, TimeUnit.SECONDS);
			Optional<FencingToken> reactive = Mono.just("tick")
				.publishOn(Schedulers.boundedElastic())
				.map((tick) -> LeaderContext.current())
				.contextCapture()
				.block(Duration.ofSeconds(10));
			return List.of(own, async, reactive);
		}

	}

}
