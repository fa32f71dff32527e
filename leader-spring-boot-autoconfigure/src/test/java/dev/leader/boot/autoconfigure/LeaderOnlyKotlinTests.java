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
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.boot.autoconfigure.LeaderOnlyAdvisorTests.RecordingJobListener;
import dev.leader.boot.autoconfigure.kotlin.BlockingScheduledJob;
import dev.leader.boot.autoconfigure.kotlin.NonNullReturningJob;
import dev.leader.boot.autoconfigure.kotlin.NullableReturningJob;
import dev.leader.boot.autoconfigure.kotlin.OptionalReturningJob;
import dev.leader.boot.autoconfigure.kotlin.SuspendingScheduledJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @LeaderOnly} on Kotlin classes (fixtures in {@code src/test/kotlin}): a non-null
 * result type is refused at startup, as a primitive is in Java; nullable and
 * {@code Optional} results are skipped like Java's. A {@code suspend} method is refused
 * (Spring AOP runs its body after the advice returned, outside the check); a regular
 * function that runs its suspending work with {@code runBlocking} is checked on every
 * tick and sees its token. Two application contexts share one H2 database: one leads, the
 * other follows.
 */
class LeaderOnlyKotlinTests {

	private final String database = "jdbc:h2:mem:kotlin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private ApplicationContextRunner node(String nodeId) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database,
					"spring.datasource.generate-unique-name=false", "leader.node-id=" + nodeId,
					"leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
					"leader.jdbc.retry-interval=100ms");
	}

	@Test
	void nonNullKotlinResultTypesAreRefusedAtStartup() {
		node("solo").withBean(NonNullReturningJob.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(new LeaderConfigurationFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
				.contains("@LeaderOnly method " + NonNullReturningJob.class.getName() + ".report()")
				.contains("non-null Kotlin result type java.lang.String")
				.contains("declare it nullable (java.lang.String?)");
		});
	}

	@Test
	void suspendingFunctionsAreRefusedAtStartup() {
		node("solo").withUserConfiguration(SuspendingJobConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining(SuspendingScheduledJob.class.getName() + ".tick()")
				.hasMessageContaining("is a Kotlin suspending function")
				.hasMessageContaining("runBlocking");
		});
	}

	@Test
	void nullableAndOptionalKotlinResultsAreSkippedOnFollowers() {
		node("leader-node").withBean(NullableReturningJob.class).withBean(OptionalReturningJob.class).run((leader) -> {
			awaitLeading(leader, "kotlin");
			node("follower-node").withBean(NullableReturningJob.class)
				.withBean(OptionalReturningJob.class)
				.run((follower) -> {
					assertThat(follower).hasNotFailed();
					assertThat(leader.getBean(NullableReturningJob.class).report()).isEqualTo("report");
					assertThat(follower.getBean(NullableReturningJob.class).report()).isNull();
					assertThat(leader.getBean(OptionalReturningJob.class).report()).hasValue("report");
					assertThat(follower.getBean(OptionalReturningJob.class).report()).isEmpty();
				});
		});
	}

	@Test
	void regularFunctionRunningSuspendingWorkRunsOnTheLeaderWithItsTokenAndIsSkippedOnTheFollowerEveryTick() {
		node("leader-node").withUserConfiguration(BlockingJobConfiguration.class).run((leader) -> {
			FencingToken token = awaitLeading(leader, "kotlin");
			node("follower-node").withUserConfiguration(BlockingJobConfiguration.class).run((follower) -> {
				RecordingJobListener followerListener = follower.getBean(RecordingJobListener.class);
				BlockingScheduledJob leaderJob = leader.getBean(BlockingScheduledJob.class);
				int ranBefore = leaderJob.tokens().size();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(outcomes(followerListener)).hasSizeGreaterThanOrEqualTo(3));
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(leaderJob.tokens()).hasSizeGreaterThanOrEqualTo(ranBefore + 3));
				assertThat(outcomes(followerListener)).containsOnly(LeaderJobOutcome.SKIPPED);
				assertThat(follower.getBean(BlockingScheduledJob.class).tokens()).as("the follower's body never ran")
					.isEmpty();
				assertThat(leaderJob.tokens()).as("every run on the leader saw its token after suspending")
					.containsOnly(token.value());
				// Ticks before the leader's first grant were skipped; none after it
				assertThat(outcomes(leader.getBean(RecordingJobListener.class)).stream()
					.dropWhile((outcome) -> outcome == LeaderJobOutcome.SKIPPED)
					.toList()).as("outcomes on the leader since it first ran")
					.isNotEmpty()
					.containsOnly(LeaderJobOutcome.RAN);
			});
		});
	}

	private static List<LeaderJobOutcome> outcomes(RecordingJobListener listener) {
		return listener.executions.stream()
			.filter((execution) -> execution.job().equals("BlockingScheduledJob.tick"))
			.map(LeaderJobExecution::outcome)
			.toList();
	}

	private static FencingToken awaitLeading(AssertableApplicationContext context, String group) {
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader(group));
		return coordinator.token(group).orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SuspendingJobConfiguration {

		@Bean
		SuspendingScheduledJob suspendingScheduledJob() {
			return new SuspendingScheduledJob();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class BlockingJobConfiguration {

		@Bean
		BlockingScheduledJob blockingScheduledJob() {
			return new BlockingScheduledJob();
		}

		@Bean
		RecordingJobListener recordingJobListener() {
			return new RecordingJobListener();
		}

	}

}
