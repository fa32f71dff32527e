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
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.boot.actuate.LeaderMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The {@code leader.*} meters across a leadership change and across job outcomes, and the
 * {@code leader.job} observation.
 */
class LeaderMetricsTests {

	private final String database = "jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private ApplicationContextRunner node(String nodeId) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MetricsAutoConfiguration.class,
					LeaderAutoConfiguration.class, LeaderMetricsAutoConfiguration.class))
			.withUserConfiguration(MetricsConfiguration.class)
			.withPropertyValues("spring.datasource.url=" + this.database,
					"spring.datasource.generate-unique-name=false", "leader.node-id=" + nodeId,
					"leader.jdbc.lease-duration=6s", "leader.jdbc.renew-interval=2s",
					"leader.jdbc.retry-interval=100ms");
	}

	@Test
	void metersAreOnlyRegisteredWithAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class,
					LeaderMetricsAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + this.database)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LeaderMetrics.class));
	}

	@Test
	void statusAndTransitionsFollowALeadershipChange() {
		node("node-a").run((a) -> {
			awaitLeading(a);
			node("node-b").run((b) -> {
				MeterRegistry metersA = a.getBean(MeterRegistry.class);
				MeterRegistry metersB = b.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5)).until(() -> status(metersA) == 1.0 && status(metersB) == 0.0);
				assertThat(transitions(metersA, "granted", "none")).isOne();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> metersA.find("leader.lease.renewals").tag("outcome", "success").timer() != null);
				assertThat(metersA.get("leader.lease.renewals").tag("group", "reports").timer().count()).isPositive();

				a.getBean(LeaderCoordinator.class).yield("reports");
				awaitLeading(b);
				await().atMost(Duration.ofSeconds(5)).until(() -> status(metersA) == 0.0 && status(metersB) == 1.0);
				await().atMost(Duration.ofSeconds(5)).until(() -> transitions(metersA, "revoked", "yielded") == 1);
				assertThat(transitions(metersB, "granted", "none")).isOne();
			});
		});
	}

	@Test
	void jobOutcomesAreCountedRanSkippedFencedAndFailed() {
		node("node-a").run((a) -> {
			awaitLeading(a);
			node("node-b").run((b) -> {
				Jobs leader = a.getBean(Jobs.class);
				leader.report();
				b.getBean(Jobs.class).report();
				assertThatIllegalStateException().isThrownBy(leader::broken);
				// Another holder advances the token in the store: the leader's next call
				// is fenced.
				new JdbcTemplate(a.getBean(javax.sql.DataSource.class))
					.update("UPDATE leader_lease SET token = token + 1 WHERE group_name = 'reports'");
				leader.report();
				MeterRegistry metersA = a.getBean(MeterRegistry.class);
				assertThat(executions(metersA, "Jobs.report", "ran")).isOne();
				assertThat(executions(metersA, "Jobs.broken", "failed")).isOne();
				assertThat(executions(metersA, "Jobs.report", "fenced")).isOne();
				assertThat(executions(b.getBean(MeterRegistry.class), "Jobs.report", "skipped")).isOne();
				assertThat(metersA.get("leader.fencing.checks").tag("result", "valid").counter().count()).isEqualTo(2);
				assertThat(metersA.get("leader.fencing.checks").tag("result", "stale").counter().count()).isOne();
				assertThat(leader.calls()).isEqualTo(1);
				// The refuted leader steps down at once (lease lost). It campaigns again
				// and
				// may win the group back, but only with a newer token than the store's.
				await().atMost(Duration.ofSeconds(5)).until(() -> transitions(metersA, "revoked", "lease_lost") == 1);
				a.getBean(LeaderCoordinator.class)
					.token("reports")
					.ifPresent((regained) -> assertThat(regained.value()).isGreaterThan(2));
			});
		});
	}

	@Test
	void eachRunIsObservedAsLeaderJob() {
		node("node-a").run((context) -> {
			awaitLeading(context);
			context.getBean(Jobs.class).report();
			List<Observation.Context> observed = context.getBean(RecordingHandler.class).stopped;
			assertThat(observed).singleElement().satisfies((observation) -> {
				assertThat(observation.getName()).isEqualTo("leader.job");
				assertThat(observation.getLowCardinalityKeyValue("job").getValue()).isEqualTo("Jobs.report");
				assertThat(observation.getLowCardinalityKeyValue("group").getValue()).isEqualTo("reports");
			});
		});
	}

	private static void awaitLeading(AssertableApplicationContext context) {
		LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("reports"));
	}

	private static double status(MeterRegistry registry) {
		return registry.get("leader.status").tag("group", "reports").gauge().value();
	}

	private static double transitions(MeterRegistry registry, String transition, String reason) {
		var counter = registry.find("leader.transitions")
			.tags("group", "reports", "transition", transition, "reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static long executions(MeterRegistry registry, String job, String outcome) {
		var timer = registry.find("leader.job.executions").tags("job", job, "outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class MetricsConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		RecordingHandler recordingHandler() {
			return new RecordingHandler();
		}

		@Bean
		ObservationRegistry observationRegistry(RecordingHandler handler) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(handler);
			return registry;
		}

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class RecordingHandler implements ObservationHandler<Observation.Context> {

		final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onStop(Observation.Context context) {
			this.stopped.add(context);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	static class Jobs {

		private int calls;

		@LeaderOnly("reports")
		public void report() {
			this.calls++;
		}

		@LeaderOnly("reports")
		public void broken() {
			throw new IllegalStateException("broken job");
		}

		public int calls() {
			return this.calls;
		}

	}

}
