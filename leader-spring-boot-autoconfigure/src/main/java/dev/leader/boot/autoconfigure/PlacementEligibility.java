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

package dev.leader.boot.autoconfigure;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.util.StringUtils;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.engine.Eligibility;

/**
 * The eligibility rule of {@code leader.placement.groups.<group>.nodes} and {@code .tags}
 * with {@code leader.node-tags}: a node may lead a group when the group names neither,
 * when the node's id is among the group's nodes, or when the node carries one of the
 * group's tags.
 *
 * @author leader-spring-boot-starter
 */
final class PlacementEligibility implements Eligibility {

	private final Set<String> nodeTags;

	private final Map<String, LeaderPlacementProperties.Group> groups;

	PlacementEligibility(Set<String> nodeTags, LeaderPlacementProperties placement) {
		this.nodeTags = Set.copyOf(nodeTags);
		this.groups = Map.copyOf(placement.getGroups());
		this.nodeTags.forEach((tag) -> requireTag(tag, "leader.node-tags"));
		this.groups.forEach((group, rule) -> {
			String prefix = "leader.placement.groups." + group;
			try {
				Identifiers.requireValidGroup(group);
				rule.getNodes().forEach(Identifiers::requireValidNodeId);
			}
			catch (LeaderConfigurationException ex) {
				throw new LeaderConfigurationException("Invalid " + prefix + ": " + ex.getMessage());
			}
			rule.getTags().forEach((tag) -> requireTag(tag, prefix + ".tags"));
		});
	}

	private static void requireTag(String tag, String property) {
		if (!StringUtils.hasText(tag) || !tag.equals(tag.strip())) {
			throw new LeaderConfigurationException(
					"Invalid " + property + ": tag '" + tag + "' must be non-blank, without surrounding spaces");
		}
	}

	/**
	 * This node's tags, as {@code leader.node-tags} sets them.
	 * @return the tags
	 */
	Set<String> nodeTags() {
		return this.nodeTags;
	}

	@Override
	public Optional<String> refusal(String nodeId, String group) {
		return refusal(nodeId, this.nodeTags, group);
	}

	@Override
	public Optional<String> refusal(String nodeId, Set<String> nodeTags, String group) {
		LeaderPlacementProperties.Group rule = this.groups.get(group);
		if (rule == null || (rule.getNodes().isEmpty() && rule.getTags().isEmpty())) {
			return Optional.empty();
		}
		if (rule.getNodes().contains(nodeId) || rule.getTags().stream().anyMatch(nodeTags::contains)) {
			return Optional.empty();
		}
		String prefix = "leader.placement.groups." + group;
		StringBuilder reason = new StringBuilder("node '").append(nodeId).append("' is not eligible: ");
		if (!rule.getNodes().isEmpty()) {
			reason.append("not among ").append(prefix).append(".nodes ").append(new TreeSet<>(rule.getNodes()));
		}
		if (!rule.getTags().isEmpty()) {
			reason.append(rule.getNodes().isEmpty() ? "" : ", and ")
				.append("carries none of ")
				.append(prefix)
				.append(".tags ")
				.append(new TreeSet<>(rule.getTags()))
				.append(" (leader.node-tags: ")
				.append(new TreeSet<>(nodeTags))
				.append(")");
		}
		return Optional.of(reason.toString());
	}

}
