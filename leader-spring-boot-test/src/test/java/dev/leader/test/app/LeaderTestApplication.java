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

package dev.leader.test.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small application with two leader-only jobs: {@code Billing.chargeDue} (group
 * {@code billing}, called by the tests) and {@code Reports.refresh} (group
 * {@code reports}, scheduled). It has no database: without {@code @AutoConfigureLeader}
 * it would fail to start for want of a lease store.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
public class LeaderTestApplication {

	@Bean
	Billing billing() {
		return new Billing();
	}

	@Bean
	Reports reports() {
		return new Reports();
	}

	@Bean
	LeadershipEvents leadershipEvents() {
		return new LeadershipEvents();
	}

}
