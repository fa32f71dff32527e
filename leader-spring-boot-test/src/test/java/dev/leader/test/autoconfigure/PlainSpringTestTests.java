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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.leader.test.LeaderTestSupport;
import dev.leader.test.app.Billing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code @SpringBootTest} or auto-configuration, as in a test slice:
 * {@code @AutoConfigureLeader} brings the leader auto-configuration itself, so
 * {@code @LeaderOnly} methods are advised, and its attributes apply.
 */
@SpringJUnitConfig(PlainSpringTestTests.BillingOnly.class)
@AutoConfigureLeader(groups = "reports")
class PlainSpringTestTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private Billing billing;

	@Test
	void leaderOnlyMethodsAreAdvisedAndFollowTheConfiguredMode() {
		assertThat(this.billing.chargeDue()).isNull();
		this.leader.assertThatJob("Billing.chargeDue").skipped();
		this.leader.grant("billing");
		assertThat(this.billing.chargeDue()).isNotNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class BillingOnly {

		@Bean
		Billing billing() {
			return new Billing();
		}

	}

}
