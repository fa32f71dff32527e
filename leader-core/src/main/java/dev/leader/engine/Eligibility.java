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

import java.util.Optional;
import java.util.Set;

/**
 * Which groups a node may lead: a node never campaigns for a group it is not eligible
 * for, whatever asks it to ({@code leader.groups}, a {@code @LeaderOnly} method,
 * {@link dev.leader.LeaderCoordinator#campaign(String)}), and says why.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@FunctionalInterface
public interface Eligibility {

	/** Every node may lead every group. */
	Eligibility ANY = (nodeId, group) -> Optional.empty();

	/**
	 * Why a node may not lead a group.
	 * @param nodeId the node
	 * @param group the group
	 * @return the reason, or empty when the node is eligible
	 */
	Optional<String> refusal(String nodeId, String group);

	/**
	 * Why another node, with the tags its membership record publishes, may not lead a
	 * group: how this node judges the others for placement (a preferred node counts only
	 * where it is eligible) and for the endpoint. By default the rule ignores the tags
	 * and answers as {@link #refusal(String, String)}.
	 * @param nodeId the node
	 * @param nodeTags the node's tags ({@code leader.node-tags}; empty for a node whose
	 * record names none, as an earlier version's)
	 * @param group the group
	 * @return the reason, or empty when the node is eligible
	 */
	default Optional<String> refusal(String nodeId, Set<String> nodeTags, String group) {
		return refusal(nodeId, group);
	}

}
