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

package dev.leader.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.leader.FencingToken;
import dev.leader.LeadershipConflict;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.boot.actuate.LeaderMetrics;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.FakeLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The monitoring kit in {@code docs/monitoring}: the dashboard parses and, like the alert
 * rules, queries only series the starter's meters become in Prometheus; the alert rules
 * pass their {@code promtool} unit tests.
 */
class MonitoringTests {

	private static final Pattern SERIES = Pattern.compile("\\bleader_[a-z_]+");

	private static Path monitoring() {
		return Docs.root().resolve("docs/monitoring");
	}

	@Test
	void dashboardAndRulesQueryOnlySeriesOfTheStartersMeters() throws IOException {
		Set<String> exported = exportedSeries();
		JsonNode dashboard = JsonMapper.builder()
			.build()
			.readTree(Files.readString(monitoring().resolve("leader-dashboard.json"), StandardCharsets.UTF_8));
		Set<String> queried = new TreeSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(panel.get("targets")).as("panel %s has queries", panel.get("title")).isNotEmpty();
			for (JsonNode target : panel.get("targets")) {
				queried.addAll(series(target.get("expr").asString()));
			}
		}
		assertThat(queried).as("the dashboard's series").isNotEmpty();
		assertThat(exported).containsAll(queried);
		Set<String> alerted = series(
				Files.readString(monitoring().resolve("leader-alerts.yml"), StandardCharsets.UTF_8));
		assertThat(alerted).as("the alert rules' series").isNotEmpty();
		assertThat(exported).containsAll(alerted);
	}

	@Test
	void alertRulesPassTheirPromtoolTests() throws IOException, InterruptedException {
		Path promtool = Path.of("/usr/bin/promtool");
		if (!Files.isExecutable(promtool)) {
			String message = "promtool is not installed (Debian package 'prometheus')";
			if (Boolean.getBoolean("leader.test.require-databases")) {
				fail(message + ". This run requires it (-Dleader.test.require-databases=true).");
			}
			Assumptions.abort(message);
		}
		Process run = new ProcessBuilder(promtool.toString(), "test", "rules", "leader-alerts.test.yml")
			.directory(monitoring().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(run.exitValue()).as(output).isZero();
		assertThat(output).contains("SUCCESS");
	}

	/**
	 * Every meter the starter registers, made to emit, named as Micrometer's Prometheus
	 * registry names its series.
	 */
	private static Set<String> exportedSeries() {
		LeaseCoordinator coordinator = LeaseCoordinator.builder(new FakeLeaseStore()).groups("g").build();
		LeaderMetrics metrics = new LeaderMetrics(coordinator);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		metrics.bindTo(registry);
		FencingToken token = new FencingToken("g", 1, "node#0000abcd");
		Clock clock = Clock.systemUTC();
		metrics.onApplicationEvent(new LeadershipGrantedEvent(coordinator, token, clock));
		metrics.onApplicationEvent(new LeadershipRevokedEvent(coordinator, token, RevocationReason.YIELDED, clock));
		metrics.renewed("g", Duration.ofMillis(3), false);
		metrics.fencingChecked(token, false);
		metrics.conflictDetected(new LeadershipConflict("g", LeadershipConflict.Kind.STALE_BELIEF,
				List.of(new LeadershipConflict.Believer(token.holder(), 1)), 2L, Instant.now()));
		metrics.onExecution(new LeaderJobExecution("job", "g", LeaderJobOutcome.FENCED, token, Instant.now(),
				Duration.ofMillis(1), null));
		Set<String> series = new TreeSet<>();
		for (Meter meter : registry.getMeters()) {
			String name = meter.getId().getName().replace('.', '_');
			if (meter instanceof Counter) {
				series.add(name + "_total");
			}
			else if (meter instanceof Timer) {
				series.addAll(Set.of(name + "_seconds_count", name + "_seconds_sum", name + "_seconds_max"));
			}
			else if (meter instanceof Gauge) {
				series.add(name);
			}
		}
		assertThat(series).contains("leader_status", "leader_transitions_total", "leader_lease_renewals_seconds_count",
				"leader_fencing_checks_total", "leader_job_executions_seconds_count");
		return series;
	}

	private static Set<String> series(String text) {
		Set<String> found = new TreeSet<>();
		Matcher matcher = SERIES.matcher(text);
		while (matcher.find()) {
			found.add(matcher.group());
		}
		return found;
	}

}
