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

package dev.leader;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * How this node sees the spread of groups, as of its last exchange with the store.
 *
 * @param balancing whether groups are balanced over the nodes
 * @param liveNodes how many live nodes campaign for at least one group, this one included
 * when it does
 * @param share the most weight this node leads before it hands a group over
 * ({@code ceil(W / N)}, capped by the capacity), or -1 before the first exchange
 * @param load the weight of the groups this node leads
 * @param capacity the capacity of this node, 0 for none
 * @param otherNodes the ids of the other live campaigning nodes
 * @param moving the group this node yielded to move it, until another node holds it
 * @param nodes every live node as the membership records exchanged with the store show it
 * (this node and the others, campaigning or not), by node id, sorted; empty before the
 * first exchange or on a store that keeps no records
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record PlacementState(boolean balancing, int liveNodes, long share, long load, int capacity,
		Set<String> otherNodes, @Nullable String moving, Map<String, Node> nodes) {

	/**
	 * A state with immutable copies of the node ids and nodes.
	 */
	public PlacementState {
		otherNodes = Collections.unmodifiableSet(new TreeSet<>(otherNodes));
		nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
	}

	/**
	 * A state without the nodes' records.
	 * @param balancing whether groups are balanced over the nodes
	 * @param liveNodes how many live nodes campaign for at least one group
	 * @param share the most weight this node leads before it hands a group over, or -1
	 * @param load the weight of the groups this node leads
	 * @param capacity the capacity of this node, 0 for none
	 * @param otherNodes the ids of the other live campaigning nodes
	 * @param moving the group this node yielded to move it, or {@code null}
	 */
	public PlacementState(boolean balancing, int liveNodes, long share, long load, int capacity, Set<String> otherNodes,
			@Nullable String moving) {
		this(balancing, liveNodes, share, load, capacity, otherNodes, moving, Map.of());
	}

	/**
	 * This state with the live nodes' records.
	 * @param nodes the nodes by node id
	 * @return the state
	 */
	public PlacementState withNodes(Map<String, Node> nodes) {
		return new PlacementState(this.balancing, this.liveNodes, this.share, this.load, this.capacity, this.otherNodes,
				this.moving, nodes);
	}

	/**
	 * One live node, as its membership record (published with every exchange) and the
	 * store's leases show it.
	 *
	 * @param thisNode whether it is this node
	 * @param tags its tags ({@code leader.node-tags}); empty for a node of an earlier
	 * version, which publishes none
	 * @param campaigning whether it campaigns for at least one group ({@code false}:
	 * drained, not ready, or campaigning for nothing)
	 * @param groups the groups it leads, as the store's leases show (this node: as it
	 * believes), sorted
	 * @param load the weight of those groups
	 * @param share the share it computed at its last exchange (the most weight it leads
	 * before it hands a group over), or -1 when unknown (an earlier version's record)
	 * @since 0.1.0
	 */
	public record Node(boolean thisNode, Set<String> tags, boolean campaigning, Set<String> groups, long load,
			long share) {

		/**
		 * A node with immutable, sorted copies.
		 */
		public Node {
			tags = Collections.unmodifiableSet(new TreeSet<>(tags));
			groups = Collections.unmodifiableSet(new TreeSet<>(groups));
		}

	}

	/**
	 * Where one group may run among the live nodes, as this node judges them by their
	 * published ids and tags and its own placement rules.
	 *
	 * @param eligibleNodes the live campaigning nodes that may lead the group
	 * ({@code leader.placement.groups.<group>.nodes} / {@code .tags}), sorted
	 * @param preferredNodes those of them that are preferred
	 * ({@code leader.placement.groups.<group>.preferred} names their id or one of their
	 * tags), sorted
	 * @since 0.1.0
	 */
	public record Group(Set<String> eligibleNodes, Set<String> preferredNodes) {

		/**
		 * A group with immutable, sorted copies.
		 */
		public Group {
			eligibleNodes = Collections.unmodifiableSet(new TreeSet<>(eligibleNodes));
			preferredNodes = Collections.unmodifiableSet(new TreeSet<>(preferredNodes));
		}

	}

}
