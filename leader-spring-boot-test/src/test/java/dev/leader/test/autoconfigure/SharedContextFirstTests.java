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
