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

package dev.leader.sample.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.aop.RecentLeaderJobs;
import dev.leader.sample.billing.charging.ChargeFence;
import dev.leader.sample.billing.charging.ChargeRecorder;
import dev.leader.sample.billing.charging.SubscriptionBiller;
import dev.leader.sample.billing.demo.AuditReport;
import dev.leader.sample.billing.demo.BillingAudit;
import dev.leader.sample.billing.demo.NodeClient;
import dev.leader.sample.billing.demo.ProviderClient;
import dev.leader.sample.billing.gateway.ChargeRequest;
import dev.leader.sample.billing.gateway.PaymentGateway;
import dev.leader.sample.billing.gateway.ProviderCharge;
import dev.leader.sample.billing.provider.PaymentProviderSimulator;
import dev.leader.sample.billing.subscription.DatabaseClock;
import dev.leader.sample.billing.subscription.DueSubscription;
import dev.leader.sample.billing.subscription.Subscriptions;
import dev.leader.sample.billing.summary.BillingSummary;
import dev.leader.sample.billing.summary.BillingSummaryService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * One billing node on an in-memory H2 database, with the payment provider simulator in
 * this JVM: it charges every due period once and reports it, and each level of fencing
 * refuses a stale token.
 */
class BillingApplicationH2Tests {

	private static final String NODE = "node-h2";

	private PaymentProviderSimulator simulator;

	private ProviderClient provider;

	private ConfigurableApplicationContext node;

	private String url;

	@BeforeEach
	void startProvider() {
		this.simulator = PaymentProviderSimulator.start(0);
		this.provider = new ProviderClient(this.simulator.url());
		this.url = "jdbc:h2:mem:billing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
	}

	@AfterEach
	void stop() {
		if (this.node != null) {
			this.node.close();
		}
		this.simulator.close();
	}

	@Test
	void chargesEveryDuePeriodExactlyOnceAndSummarizesIt() {
		startNode("50ms");
		NodeClient client = new NodeClient(NODE,
				this.node.getEnvironment().getProperty("local.server.port", Integer.class));
		Instant cutoff = client.summary().asOf().plusSeconds(3);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> client.summary().asOf().isAfter(cutoff) && client.summary(cutoff).periodsMissed() == 0);
		BillingSummary summary = client.summary(cutoff);
		assertThat(summary.customers()).isEqualTo(40);
		assertThat(summary.subscriptions()).containsEntry("MONTHLY", 32L).containsEntry("ANNUAL", 8L);
		assertThat(summary.periodsDue()).isGreaterThan(40);
		assertThat(summary.duplicateCharges()).isZero();
		assertThat(summary.nodes()).containsOnlyKeys(NODE);
		assertThat(summary.leaderships()).singleElement().satisfies((term) -> assertThat(term.node()).isEqualTo(NODE));
		assertThat(client.lease().thisNodeLeads()).isTrue();
		assertThat(this.node.getBean(ChargeFence.class)).asString().contains("JDBC fencing guard");
		this.node.close();
		AuditReport audit = new BillingAudit(new DriverManagerDataSource(this.url, "sa", "")).audit(cutoff,
				this.provider.charges(), this.provider.rejections());
		assertThat(audit.problems()).isEmpty();
		assertThat(audit.periodsDue()).isEqualTo(summary.periodsDue());
		assertThat(audit.providerCharges()).isEqualTo(audit.periodsCharged()).isPositive();
	}

	@Test
	@SuppressWarnings("try") // the scope is only closed, never named in the body
	void everyLevelOfFencingRefusesAStaleToken() throws InterruptedException {
		// The job runs once at start-up, then this test drives the biller itself.
		startNode("1h");
		RecentLeaderJobs jobs = this.node.getBean(RecentLeaderJobs.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> !jobs.summaries().isEmpty());
		LeaderCoordinator coordinator = this.node.getBean(LeaderCoordinator.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.token("billing").isPresent());
		FencingToken stale = coordinator.token("billing").orElseThrow();
		assertThat(coordinator.yield("billing")).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> coordinator.token("billing").filter((token) -> token.value() > stale.value()).isPresent());
		FencingToken current = coordinator.token("billing").orElseThrow();
		Subscriptions subscriptions = this.node.getBean(Subscriptions.class);
		DatabaseClock clock = this.node.getBean(DatabaseClock.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> !subscriptions.findDue(clock.now(), 1).isEmpty());
		SubscriptionBiller biller = this.node.getBean(SubscriptionBiller.class);
		int providerCharges = this.provider.report().charges();

		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> biller.chargeNextBatch(stale));
		assertThat(this.provider.report().charges()).isEqualTo(providerCharges);

		DueSubscription due = subscriptions.findDue(clock.now(), 1).get(0);
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.node.getBean(ChargeRecorder.class)
			.record(stale, due, new ProviderCharge("ch_stale", false)));
		JdbcTemplate jdbc = this.node.getBean(JdbcTemplate.class);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM charge WHERE provider_charge_id = 'ch_stale'", Long.class))
			.isZero();
		assertThat(subscriptions.findDue(clock.now(), 1000)).contains(due);

		// A newer leader elsewhere reached the provider first. The gateway's interceptor
		// sends the token bound to the thread, as the @LeaderOnly job binds it.
		FencingToken newer = new FencingToken("billing", current.value() + 1, "node-elsewhere");
		try (LeaderContext.Scope scope = LeaderContext.bind(newer)) {
			this.node.getBean(PaymentGateway.class).charge(new ChargeRequest(1, 1, 99, 100, "EUR"), "elsewhere", newer);
		}
		try (LeaderContext.Scope scope = LeaderContext.bind(current)) {
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> biller.chargeNextBatch(current))
				.withMessageContaining("409");
		}

		List<String> refused = jdbc.queryForList("SELECT kind FROM fenced_attempt WHERE node = ? ORDER BY id",
				String.class, NODE);
		assertThat(refused).containsExactly("VERIFY", "PROVIDER");
		BillingSummary summary = this.node.getBean(BillingSummaryService.class).summary(null);
		assertThat(summary.fencedAttempts()).containsEntry("VERIFY", 1L).containsEntry("PROVIDER", 1L);
		assertThat(summary.nodes().get(NODE).fencedAttempts()).containsEntry("total", 2L);
	}

	private void startNode(String pollInterval) {
		// Arguments, as application.properties has the last word over default properties.
		this.node = new SpringApplicationBuilder(BillingApplication.class).run("--server.port=0",
				"--spring.datasource.url=" + this.url, "--leader.node-id=" + NODE,
				"--billing.gateway.url=" + this.simulator.url(), "--billing.customers=40", "--billing.month=1s",
				"--billing.charge-ahead=200ms", "--billing.poll-interval=" + pollInterval);
	}

}
