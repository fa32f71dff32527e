package dev.leader.test.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.leader.LeaderCoordinator;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.app.Billing;
import dev.leader.test.app.LeaderTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code groups = "billing"}: this node leads the named groups and follows the others.
 */
@SpringBootTest(classes = LeaderTestApplication.class)
@AutoConfigureLeader(groups = "billing")
class LeadSomeGroupsTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private LeaderCoordinator coordinator;

	@Autowired
	private Billing billing;

	@Test
	void leadsOnlyTheNamedGroups() {
		assertThat(this.coordinator.isLeader("billing")).isTrue();
		assertThat(this.coordinator.isLeader("reports")).isFalse();

		assertThat(this.billing.chargeDue()).isNotNull();
		this.leader.assertThatJob("Billing.chargeDue").ran();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.leader.assertThatJob("Reports.refresh").skipped());
		this.leader.assertThatJob("Reports.refresh").neverRan();
	}

}
