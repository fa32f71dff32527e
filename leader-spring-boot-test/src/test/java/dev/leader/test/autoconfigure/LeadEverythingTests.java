package dev.leader.test.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.leader.FencingToken;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.app.Billing;
import dev.leader.test.app.LeaderTestApplication;
import dev.leader.test.app.Reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default mode: this node leads every group at once, without a database.
 */
// tag::leads[]
@SpringBootTest(classes = LeaderTestApplication.class)
@AutoConfigureLeader
class LeadEverythingTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private Billing billing;

	@Autowired
	private Reports reports;

	@Test
	void leaderOnlyMethodRunsOnThisNode() {
		FencingToken token = this.leader.awaitLeadership("billing");

		assertThat(this.billing.chargeDue()).isEqualTo(token);
		this.leader.assertThatJob("Billing.chargeDue").ran(1);
	}

	@Test
	void scheduledLeaderOnlyJobRuns() {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.leader.assertThatJob("Reports.refresh").ran());
		assertThat(this.reports.refreshes()).isPositive();
	}

}
// end::leads[]
