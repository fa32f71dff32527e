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

package dev.leader.docs.migration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;

/**
 * After the migration: the same job with the starter
 * (docs/migrating-from-spring-integration.md).
 */
@Component
public class Billing {

	private static final Logger log = LoggerFactory.getLogger(Billing.class);

	private final LeaderCoordinator coordinator;

	public Billing(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@LeaderOnly("billing") // the role becomes the group
	@Scheduled(fixedDelay = 60_000)
	public void chargeDue() {
		FencingToken token = LeaderContext.require();
		// ... charge what is due; pass the token on (verify, guard, receiver)
	}

	@EventListener
	public void granted(LeadershipGrantedEvent event) {
		log.info("Leading {} with token {}", event.getGroup(), event.getToken().value());
	}

	@EventListener
	public void revoked(LeadershipRevokedEvent event) {
		log.info("Stopped leading {}: {}", event.getGroup(), event.getReason());
	}

	public void handOver() {
		// lets running calls finish, then releases the lease
		this.coordinator.yield("billing");
	}

}
