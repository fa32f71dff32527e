package dev.leader.test.autoconfigure;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.app.LeaderTestApplication;
import dev.leader.test.app.LeadershipEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One of two test classes with the same configuration, so Spring's test-context cache
 * gives them one context. Either way round, this node leads as configured, although the
 * other class revoked and fenced groups in its last test.
 */
@SpringBootTest(classes = { LeaderTestApplication.class, SharedContextConfiguration.class })
@AutoConfigureLeader
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedContextFirstTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private LeaderCoordinator coordinator;

	@Autowired
	private LeadershipEvents events;

	@Test
	@Order(1)
	void leadsAsConfigured() {
		assertThat(SharedContextConfiguration.contextsCreated()).isEqualTo(1);
		assertThat(this.coordinator.isLeader("billing")).isTrue();
		assertThat(this.coordinator.isLeader("reports")).isTrue();
		assertThat(this.leader.awaitLeadership("billing")).isEqualTo(this.coordinator.token("billing").get());
		assertThat(this.events.events()).filteredOn((event) -> event.getGroup().equals("billing"))
			.last()
			.isInstanceOfSatisfying(LeadershipGrantedEvent.class,
					(event) -> assertThat(event.getToken()).isEqualTo(this.coordinator.token("billing").get()));
	}

	@Test
	@Order(2)
	void leavesGroupsRevokedAndFenced() {
		this.leader.revoke("billing");
		this.leader.fence("reports");
		assertThat(this.coordinator.isLeader("billing")).isFalse();
	}

}
