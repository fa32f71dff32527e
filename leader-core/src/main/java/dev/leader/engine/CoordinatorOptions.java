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

package dev.leader.engine;

import java.time.Clock;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.leader.LeadershipListener;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;

/**
 * The options every coordinator takes, as a {@link CoordinatorBuilder} collected them.
 *
 * @param nodeId this node's id
 * @param groups the groups to campaign for from the start
 * @param listener receives leadership changes
 * @param clock clock for event timestamps
 * @param beforeRelease called before a yielded or stopped group's lease is released
 * @param leadershipLost called at once when a group's lease is lost
 * @param observer told about renewals and fencing checks
 * @param eligibility which groups this node may lead
 * @param detectConflicts whether to publish this node's beliefs and check for duplicate
 * leaders where the store keeps beliefs
 * @param historyRetention how much leadership history the store keeps
 * @param placement how groups are spread over the nodes
 * @param nodeTags this node's tags ({@code leader.node-tags}), published in its
 * membership record so that the other nodes can match them
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record CoordinatorOptions(String nodeId, Set<String> groups, LeadershipListener listener, Clock clock,
		Consumer<String> beforeRelease, BiConsumer<String, RevocationReason> leadershipLost, LeaseObserver observer,
		Eligibility eligibility, boolean detectConflicts, HistoryRetention historyRetention, PlacementPolicy placement,
		Set<String> nodeTags) {

	/**
	 * Options with an immutable copy of the tags.
	 */
	public CoordinatorOptions {
		nodeTags = Set.copyOf(nodeTags);
	}

	/**
	 * Options for a node without tags.
	 * @param nodeId this node's id
	 * @param groups the groups to campaign for from the start
	 * @param listener receives leadership changes
	 * @param clock clock for event timestamps
	 * @param beforeRelease called before a yielded or stopped group's lease is released
	 * @param leadershipLost called at once when a group's lease is lost
	 * @param observer told about renewals and fencing checks
	 * @param eligibility which groups this node may lead
	 * @param detectConflicts whether to publish this node's beliefs and check for
	 * duplicate leaders
	 * @param historyRetention how much leadership history the store keeps
	 * @param placement how groups are spread over the nodes
	 */
	public CoordinatorOptions(String nodeId, Set<String> groups, LeadershipListener listener, Clock clock,
			Consumer<String> beforeRelease, BiConsumer<String, RevocationReason> leadershipLost, LeaseObserver observer,
			Eligibility eligibility, boolean detectConflicts, HistoryRetention historyRetention,
			PlacementPolicy placement) {
		this(nodeId, groups, listener, clock, beforeRelease, leadershipLost, observer, eligibility, detectConflicts,
				historyRetention, placement, Set.of());
	}

}
