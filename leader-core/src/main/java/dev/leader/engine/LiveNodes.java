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

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.leader.Identifiers;
import dev.leader.PlacementState;

/**
 * The live nodes as the membership records of the last exchange show them (their tags,
 * whether they campaign, their share) with the groups the store's leases give them: what
 * the endpoint shows per node, and per group the eligible and preferred live nodes. It
 * decides nothing; {@link Placement} moves groups.
 *
 * @author leader-spring-boot-starter
 */
final class LiveNodes {

	private final String nodeId;

	private final Set<String> nodeTags;

	private final Eligibility eligibility;

	private final PlacementPolicy policy;

	/** The other instances' records and the store's holders, read at one moment. */
	private volatile Read read = new Read(Map.of(), Map.of());

	LiveNodes(String nodeId, Set<String> nodeTags, Eligibility eligibility, PlacementPolicy policy) {
		this.nodeId = nodeId;
		this.nodeTags = Set.copyOf(nodeTags);
		this.eligibility = eligibility;
		this.policy = policy;
	}

	/**
	 * Forget the records: a new run starts.
	 */
	void clear() {
		this.read = new Read(Map.of(), Map.of());
	}

	/**
	 * Keep what a snapshot says about the other nodes.
	 * @param snapshot what the store holds
	 * @param instanceId this instance
	 */
	void apply(BeliefBoard.Snapshot snapshot, String instanceId) {
		Map<String, BeliefBoard.Member> others = new HashMap<>(snapshot.members());
		others.remove(instanceId);
		this.read = new Read(Map.copyOf(others), snapshot.holders());
	}

	/**
	 * Every live node, this one as it knows itself, the others as their records and the
	 * store's leases show them.
	 * @param self this node
	 * @return the nodes by node id
	 */
	Map<String, PlacementState.Node> nodes(PlacementState.Node self) {
		Read current = this.read;
		Map<String, Set<String>> instances = new HashMap<>();
		current.members().keySet().forEach((instance) -> {
			String node = Identifiers.nodeIdOf(instance);
			// Another process with this node's id is a twin, reported elsewhere.
			if (!node.equals(this.nodeId)) {
				instances.computeIfAbsent(node, (key) -> new HashSet<>()).add(instance);
			}
		});
		Map<String, Set<String>> led = new HashMap<>();
		current.holders().forEach((group, holder) -> led.computeIfAbsent(holder, (key) -> new TreeSet<>()).add(group));
		Map<String, PlacementState.Node> nodes = new TreeMap<>();
		nodes.put(this.nodeId, self);
		instances.forEach((node, ids) -> {
			Set<String> tags = new TreeSet<>();
			Set<String> groups = new TreeSet<>();
			boolean campaigning = false;
			long share = -1;
			for (String instance : ids) {
				BeliefBoard.Member member = current.members().get(instance);
				if (member != null) {
					tags.addAll(member.tags());
					campaigning |= member.campaignWeight() != 0;
					share = Math.max(share, member.share());
				}
				groups.addAll(led.getOrDefault(instance, Set.of()));
			}
			long load = 0;
			for (String group : groups) {
				load += this.policy.weight(group);
			}
			nodes.put(node, new PlacementState.Node(false, tags, campaigning, groups, load, share));
		});
		return nodes;
	}

	/**
	 * The live campaigning nodes eligible for a group, and the preferred ones among them.
	 * @param group the group
	 * @param selfCampaigning whether this node campaigns for any group
	 * @return the group's placement
	 */
	PlacementState.Group group(String group, boolean selfCampaigning) {
		Set<String> eligible = new TreeSet<>();
		Set<String> preferred = new TreeSet<>();
		Map<String, PlacementState.Node> nodes = nodes(
				new PlacementState.Node(true, this.nodeTags, selfCampaigning, Set.of(), 0, -1));
		nodes.forEach((node, state) -> {
			if (state.campaigning() && this.eligibility.refusal(node, state.tags(), group).isEmpty()) {
				eligible.add(node);
				if (this.policy.prefers(group, node, state.tags())) {
					preferred.add(node);
				}
			}
		});
		return new PlacementState.Group(eligible, preferred);
	}

	/**
	 * The records of the other instances and the store's holders of one snapshot.
	 */
	private record Read(Map<String, BeliefBoard.Member> members, Map<String, String> holders) {

	}

}
