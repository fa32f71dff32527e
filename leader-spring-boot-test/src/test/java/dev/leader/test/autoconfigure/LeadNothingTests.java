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

import dev.leader.test.LeaderTestSupport;
import dev.leader.test.LeadershipMode;
import dev.leader.test.app.Billing;
import dev.leader.test.app.LeaderTestApplication;
import dev.leader.test.app.Reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mode = NONE}: this node follows every group until a test grants one.
 */
// tag::follows[]
@SpringBootTest(classes = LeaderTestApplication.class)
@AutoConfigureLeader(mode = LeadershipMode.NONE)
class LeadNothingTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private Billing billing;

	@Autowired
	private Reports reports;

	@Test
	void followerSkipsLeaderOnlyMethods() {
		assertThat(this.billing.chargeDue()).isNull();
		this.leader.assertThatJob("Billing.chargeDue").skipped().neverRan();
	}

	@Test
	void followerSkipsScheduledJobsUntilGranted() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.leader.assertThatJob("Reports.refresh").skipped());
		this.leader.assertThatJob("Reports.refresh").neverRan();
		assertThat(this.reports.refreshes()).isZero();

		this.leader.grant("reports");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> this.leader.assertThatJob("Reports.refresh").ran());
	}

}
// end::follows[]
