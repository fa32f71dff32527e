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

package dev.leader.sample.billing.charging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.aop.RecentLeaderJobs;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.sample.billing.BillingApplication;
import dev.leader.sample.billing.demo.AuditReport;
import dev.leader.sample.billing.demo.BillingAudit;
import dev.leader.sample.billing.demo.NodeClient;
import dev.leader.sample.billing.demo.ProviderClient;
import dev.leader.sample.billing.gateway.ProviderCharge;
import dev.leader.sample.billing.provider.PaymentProviderSimulator;
import dev.leader.sample.billing.subscription.DatabaseClock;
import dev.leader.sample.billing.subscription.DueSubscription;
import dev.leader.sample.billing.subscription.Subscriptions;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * One billing node with the {@code etcd} profile: leadership in a real etcd member, the
 * billing data in an in-memory H2 database. The charge transaction is fenced by the token
 * registry and a verify with etcd: a stale token is refused by the verify while its
 * successor has admitted nothing, and by the registry once it has.
 */
class RegistryChargeFenceEtcdTests {

	private static final String NODE = "node-etcd";

	private static TestEtcd etcd;

	private PaymentProviderSimulator simulator;

	private ProviderClient provider;

	private ConfigurableApplicationContext node;

	private String url;

	@BeforeAll
	static void startEtcd() {
		etcd = TestEtcd.startMember();
	}

	@AfterAll
	static void stopEtcd() {
		if (etcd != null) {
			etcd.close();
		}
	}

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
	void chargesEveryDuePeriodExactlyOnceUnderTheTokenRegistry() {
		startNode("50ms");
		LeaderCoordinator coordinator = this.node.getBean(LeaderCoordinator.class);
		assertThat(coordinator.store()).isEqualTo("etcd");
		assertThat(this.node.getBeanProvider(JdbcFencingGuard.class).getIfAvailable()).isNull();
		assertThat(this.node.getBean(ChargeFence.class)).isInstanceOf(RegistryChargeFence.class);
		NodeClient client = new NodeClient(NODE,
				this.node.getEnvironment().getProperty("local.server.port", Integer.class));
		Instant cutoff = client.summary().asOf().plusSeconds(3);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> client.summary().asOf().isAfter(cutoff) && client.summary(cutoff).periodsMissed() == 0);
		assertThat(client.lease().thisNodeLeads()).isTrue();
		this.node.close();
		DriverManagerDataSource database = new DriverManagerDataSource(this.url, "sa", "");
		AuditReport audit = new BillingAudit(database).audit(cutoff, this.provider.charges(),
				this.provider.rejections());
		assertThat(audit.problems()).isEmpty();
		assertThat(audit.providerCharges()).isEqualTo(audit.periodsCharged()).isPositive();
		// Every charge admitted its token in its own transaction.
		JdbcTemplate jdbc = new JdbcTemplate(database);
		assertThat(highest(jdbc))
			.containsExactly(jdbc.queryForObject("SELECT MAX(fencing_token) FROM charge", Long.class));
	}

	@Test
	void aStaleTokenIsRefusedByTheVerifyUntilItsSuccessorChargedAndByTheRegistryAfter() {
		// The job runs once at start-up, then this test records charges itself.
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
		await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions.findDue(clock.now(), 2).size() == 2);
		List<DueSubscription> due = subscriptions.findDue(clock.now(), 2);
		ChargeRecorder recorder = this.node.getBean(ChargeRecorder.class);
		JdbcTemplate jdbc = this.node.getBean(JdbcTemplate.class);
		List<Long> before = highest(jdbc);
		assertThat(before).allSatisfy((highest) -> assertThat(highest).isLessThanOrEqualTo(stale.value()));

		// The successor has admitted nothing: the registry admits the stale token, the
		// verify with etcd refuses it, and the rollback takes the admission back.
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> recorder.record(stale, due.get(0), new ProviderCharge("ch_stale_1", false)))
			.withMessageNotContaining("token registry");
		assertThat(highest(jdbc)).isEqualTo(before);

		recorder.record(current, due.get(0), new ProviderCharge("ch_current", false));
		assertThat(highest(jdbc)).containsExactly(current.value());

		// Now the registry refuses the stale token before anything reaches etcd.
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> recorder.record(stale, due.get(1), new ProviderCharge("ch_stale_2", false)))
			.withMessageContaining("token registry")
			.withMessageContaining("newer token " + current.value());
		assertThat(jdbc.queryForList(
				"SELECT provider_charge_id FROM charge WHERE provider_charge_id LIKE 'ch_%' " + "AND fencing_token = ?",
				String.class, stale.value()))
			.isEmpty();
		assertThat(subscriptions.findDue(clock.now(), 1000)).contains(due.get(1)).doesNotContain(due.get(0));
		assertThat(highest(jdbc)).containsExactly(current.value());

		// Without a transaction the registry's row would be unlocked before the writes.
		ChargeFence fence = this.node.getBean(ChargeFence.class);
		assertThatIllegalStateException().isThrownBy(() -> fence.check(current)).withMessageContaining("transaction");
	}

	private static List<Long> highest(JdbcTemplate jdbc) {
		return jdbc.queryForList("SELECT highest FROM leader_fencing_token WHERE group_name = 'billing'", Long.class);
	}

	private void startNode(String pollInterval) {
		// Arguments, as application.properties has the last word over default properties.
		this.node = new SpringApplicationBuilder(BillingApplication.class).run("--spring.profiles.active=etcd",
				"--leader.etcd.endpoints=" + String.join(",", etcd.endpoints()),
				"--leader.etcd.namespace=/billing-" + UUID.randomUUID(), "--server.port=0",
				"--spring.datasource.url=" + this.url, "--leader.node-id=" + NODE,
				"--billing.gateway.url=" + this.simulator.url(), "--billing.customers=40", "--billing.month=1s",
				"--billing.charge-ahead=200ms", "--billing.poll-interval=" + pollInterval);
	}

}
