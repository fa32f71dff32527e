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

package dev.leader.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;

/**
 * Adds {@code leader} to {@code /actuator/info}: this node, its instance, its store, the
 * groups it campaigns for, those it leads now with their tokens, those drained, and the
 * groups paused cluster-wide (as of its last exchange with the store). All from this
 * node's own view, without a round trip to the store.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderInfoContributor implements InfoContributor {

	private final LeaderCoordinator coordinator;

	public LeaderInfoContributor(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Long> leading = new LinkedHashMap<>();
		for (String group : this.coordinator.groups()) {
			Optional<FencingToken> token = this.coordinator.token(group);
			token.ifPresent((held) -> leading.put(group, held.value()));
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("node", this.coordinator.nodeId());
		details.put("instance", this.coordinator.instanceId());
		details.put("store", this.coordinator.store());
		details.put("groups", this.coordinator.groups());
		details.put("leading", leading);
		details.put("drained", this.coordinator.drainedGroups());
		details.put("paused", this.coordinator.pausedGroups());
		details.put("history", this.coordinator.leadershipHistory().isPresent());
		builder.withDetail("leader", details);
	}

}
