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
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipConflict;

/**
 * UP while this node can reach its lease store, whether it leads or follows; DOWN when it
 * cannot. A change of leader does not change health. Duplicate-leader findings of this
 * node's recent checks are listed under {@code conflicts}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderHealthIndicator extends AbstractHealthIndicator {

	private final LeaderCoordinator coordinator;

	public LeaderHealthIndicator(LeaderCoordinator coordinator) {
		super("Leader store check failed");
		this.coordinator = coordinator;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("node", this.coordinator.nodeId()).withDetail("store", this.coordinator.store());
		Map<String, String> groups = new LinkedHashMap<>();
		this.coordinator.groups()
			.forEach((group) -> groups.put(group, this.coordinator.isLeader(group) ? "leading" : "following"));
		builder.withDetail("groups", groups);
		Set<String> paused = this.coordinator.pausedGroups();
		if (!paused.isEmpty()) {
			// A pause is maintenance, not a fault: shown, and the status stays up.
			builder.withDetail("paused", paused);
		}
		List<LeadershipConflict> conflicts = this.coordinator.conflicts();
		if (!conflicts.isEmpty()) {
			// A finding is about the past: it is shown, and the status stays up while the
			// store answers (an instance that found its own belief stale stepped down).
			builder.withDetail("conflicts",
					conflicts.stream()
						.map((conflict) -> Map.of("group", conflict.group(), "kind", conflict.kind().tag(),
								"detectedAt", conflict.detectedAt().toString(), "description", conflict.describe()))
						.toList());
		}
		this.coordinator.checkStore();
		builder.up();
	}

}
