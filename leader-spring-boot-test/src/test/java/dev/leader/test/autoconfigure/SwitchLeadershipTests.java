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

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.test.InMemoryLeaderCoordinator;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.app.Billing;
import dev.leader.test.app.LeaderTestApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A test switches leadership while the application runs: revoke, grant, yield, fence.
 * What it switched is undone after each test method.
 */
@SpringBootTest(classes = LeaderTestApplication.class)
@AutoConfigureLeader
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwitchLeadershipTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private LeaderCoordinator coordinator;

	@Autowired
	private Billing billing;

	@Test
	void replacesTheStoreWithTheInMemoryCoordinator() {
		assertThat(this.coordinator).isInstanceOf(InMemoryLeaderCoordinator.class);
		assertThat(this.coordinator.store()).isEqualTo("in-memory");
		assertThat(this.coordinator.groups()).contains("billing", "reports");
	}

	// tag::switch[]
	@Test
	void revokedGroupIsSkippedUntilGrantedAgain() {
		FencingToken first = this.leader.awaitLeadership("billing");
		this.leader.revoke("billing");

		assertThat(this.billing.chargeDue()).isNull();
		this.leader.assertThatJob("Billing.chargeDue").skipped().neverRan();

		FencingToken second = this.leader.grant("billing");
		assertThat(first.isOlderThan(second)).isTrue();
		assertThat(this.billing.chargeDue()).isEqualTo(second);
		this.leader.assertThatJob("Billing.chargeDue").ran(1);
	}

	@Test
	void fencedTokenIsRefusedBeforeTheJobRuns() {
		FencingToken stale = this.leader.fence("billing");

		assertThat(this.billing.chargeDue()).isNull();
		this.leader.assertThatJob("Billing.chargeDue").fenced().neverRan();
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> this.coordinator.verify(stale));
	}
	// end::switch[]

	@Test
	void yieldedGroupIsSkippedUntilGrantedAgain() {
		assertThat(this.leader.yield("billing")).isTrue();

		assertThat(this.billing.chargeDue()).isNull();
		this.leader.assertThatJob("Billing.chargeDue").skipped().neverRan();
		this.leader.grant("billing");
		assertThat(this.billing.chargeDue()).isNotNull();
	}

	@Test
	@Order(1)
	void aTestThatRevokesEveryGroup() {
		this.leader.revoke("billing");
		this.leader.revoke("reports");
		assertThat(this.coordinator.isLeader("billing")).isFalse();
		assertThat(this.billing.chargeDue()).isNull();
	}

	@Test
	@Order(2)
	void theNextTestLeadsAsConfiguredAgainWithNoCallsRecorded() {
		assertThat(this.coordinator.isLeader("billing")).isTrue();
		assertThat(this.coordinator.isLeader("reports")).isTrue();
		assertThat(this.leader.jobs().executions("Billing.chargeDue")).isEmpty();
		assertThat(this.billing.chargeDue()).isNotNull();
	}

}
