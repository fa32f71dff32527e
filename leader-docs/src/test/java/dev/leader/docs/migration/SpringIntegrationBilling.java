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

import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.Context;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.leader.event.OnRevokedEvent;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Before the migration: a job that tracks leadership through Spring Integration's events
 * (docs/migrating-from-spring-integration.md).
 */
@Component
public class SpringIntegrationBilling {

	private volatile Context leadership;

	@EventListener
	public void granted(OnGrantedEvent event) {
		if ("billing".equals(event.getRole())) {
			this.leadership = event.getContext();
		}
	}

	@EventListener
	public void revoked(OnRevokedEvent event) {
		if ("billing".equals(event.getRole())) {
			this.leadership = null;
		}
	}

	@Scheduled(fixedDelay = 60_000)
	public void chargeDue() {
		Context context = this.leadership;
		if (context == null || !context.isLeader()) {
			return; // not the leader: skip this tick
		}
		// ... charge what is due; nothing stops a write after leadership was lost
	}

	public void handOver() {
		Context context = this.leadership;
		if (context != null) {
			context.yield();
		}
	}

}
