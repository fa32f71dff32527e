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
