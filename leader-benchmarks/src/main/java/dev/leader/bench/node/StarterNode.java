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

package dev.leader.bench.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;

/**
 * This starter, as an application uses it: the auto-configuration, and a
 * {@code @Scheduled @LeaderOnly} job for group {@code bench-0}. Further groups
 * (store-load runs) are served by one scheduled loop doing what the advisor does for each
 * of them: run when this node holds a locally valid lease, after verifying the token with
 * the store when {@code verify-before-run} is on. The node tells the harness which groups
 * it leads ({@code isLeader}) and counts the grants it had.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ImportAutoConfiguration(LeaderAutoConfiguration.class)
class StarterNode {

	@Bean
	Job job(Reporter reporter, NodeSettings settings, LeaderCoordinator coordinator) {
		return new Job(reporter, settings, coordinator);
	}

	static class Job {

		private final Reporter reporter;

		private final NodeSettings settings;

		private final LeaderCoordinator coordinator;

		Job(Reporter reporter, NodeSettings settings, LeaderCoordinator coordinator) {
			this.reporter = reporter;
			this.settings = settings;
			this.coordinator = coordinator;
			reporter.leading(this::leading);
		}

		private List<Integer> leading() {
			List<Integer> led = new ArrayList<>();
			for (int i = 0; i < this.settings.groups(); i++) {
				if (this.coordinator.isLeader(NodeSettings.group(i))) {
					led.add(i);
				}
			}
			return led;
		}

		@EventListener
		public void granted(LeadershipGrantedEvent event) {
			this.reporter.granted();
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		@LeaderOnly("bench-0")
		public void firstGroup() {
			this.reporter.executed(0);
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		public void furtherGroups() {
			for (int i = 1; i < this.settings.groups(); i++) {
				Optional<FencingToken> token = this.coordinator.token(NodeSettings.group(i));
				if (token.isPresent()) {
					try {
						if (this.settings.verify()) {
							this.coordinator.verify(token.get());
						}
						this.reporter.executed(i);
					}
					catch (RuntimeException ex) {
						// Fenced or store unreachable: skipped, as the advisor would.
					}
				}
			}
		}

	}

}
