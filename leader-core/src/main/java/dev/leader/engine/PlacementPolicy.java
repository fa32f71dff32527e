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

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;

/**
 * How groups are spread over the nodes that campaign for them: balancing by share,
 * weights and capacity, preferred leaders, and the cool-down after a yield. Every move is
 * a graceful handover (a yield): the next leader is granted a greater token.
 * <p>
 * The rule: a node's share is {@code ceil(W / N)} capped by its {@code capacity} (when
 * set), where {@code W} is the weight of the groups it campaigns for and {@code N} the
 * number of live nodes that campaign for at least one group. Its load is the weight of
 * the groups it leads. A node whose load stayed above its share for {@code settleDelay},
 * that leads at least two groups, and for which some other live node has room, yields one
 * group of weight at most {@code load - share}; it yields the next one only after that
 * one was taken over. A node at or under its share that leads the most weight of the live
 * nodes (the smallest instance id winning a tie) yields, after the same settle delay, one
 * group lighter than the gap between its load and the least loaded node's (and within
 * that node's room), so that a node joining nodes at their share still gets its part. A
 * node whose load plus a free group's weight exceeds its share, or that leads more than
 * another live node, waits {@code backupDelay} before it tries to acquire the group, so
 * that the least loaded node with room takes it first (JDBC and etcd, where nodes race
 * for a free group; on ZooKeeper, whose election grants it to the first node in line,
 * that node steps aside for the delay).
 *
 * @param balance whether groups are balanced over the nodes
 * @param weights the weight of groups that do not weigh 1, by group
 * @param capacity the most weight this node leads while another node has room, or 0 for
 * no cap
 * @param settleDelay how long a node must stay above its share, or a preferred node be
 * live, before a group moves
 * @param backupDelay how long a node at or above its share (or not preferred while a
 * preferred node is live) waits before it acquires a free group
 * @param yieldCoolDown how long a node that yielded or drained a group stays behind the
 * other nodes when the group is free again
 * @param preferred the nodes preferred to lead a group, by group: each entry is a node id
 * or a node tag ({@code leader.node-tags}), and a node is preferred when its id or one of
 * its tags is among them (see {@link #prefers(String, String, Set)})
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record PlacementPolicy(boolean balance, Map<String, Integer> weights, int capacity, Duration settleDelay,
		Duration backupDelay, Duration yieldCoolDown, Map<String, Set<String>> preferred) {

	/** The default settle delay. */
	public static final Duration DEFAULT_SETTLE_DELAY = Duration.ofSeconds(5);

	/** The default backup delay. */
	public static final Duration DEFAULT_BACKUP_DELAY = Duration.ofSeconds(2);

	/** The default cool-down after a yield. */
	public static final Duration DEFAULT_YIELD_COOL_DOWN = Duration.ofSeconds(30);

	/** Balancing on, every group weighing 1, no capacity, no preferred nodes. */
	public static final PlacementPolicy DEFAULTS = new PlacementPolicy(true, Map.of(), 0, DEFAULT_SETTLE_DELAY,
			DEFAULT_BACKUP_DELAY, DEFAULT_YIELD_COOL_DOWN, Map.of());

	/** No balancing, no preferred nodes: groups stay where they were won. */
	public static final PlacementPolicy NONE = new PlacementPolicy(false, Map.of(), 0, DEFAULT_SETTLE_DELAY,
			DEFAULT_BACKUP_DELAY, DEFAULT_YIELD_COOL_DOWN, Map.of());

	/**
	 * Validate the policy and keep immutable copies.
	 */
	public PlacementPolicy {
		weights = Map.copyOf(weights);
		weights.forEach((group, weight) -> {
			Identifiers.requireValidGroup(group);
			if (weight < 1) {
				throw new LeaderConfigurationException(
						"leader.placement.groups." + group + ".weight must be at least 1, was " + weight);
			}
		});
		if (capacity < 0) {
			throw new LeaderConfigurationException(
					"leader.placement.capacity must be 0 (no cap) or positive, was " + capacity);
		}
		requireNotNegative("settle-delay", settleDelay);
		requireNotNegative("backup-delay", backupDelay);
		requireNotNegative("yield-cool-down", yieldCoolDown);
		Map<String, Set<String>> copies = new HashMap<>();
		preferred.forEach((group, nodes) -> {
			Identifiers.requireValidGroup(group);
			nodes.forEach((entry) -> requireNodeIdOrTag(group, entry));
			copies.put(group, Set.copyOf(nodes));
		});
		preferred = Map.copyOf(copies);
	}

	/**
	 * The weight of a group.
	 * @param group the group
	 * @return its weight, 1 unless set
	 */
	public int weight(String group) {
		return this.weights.getOrDefault(group, 1);
	}

	/**
	 * The nodes preferred to lead a group.
	 * @param group the group
	 * @return their ids and tags, empty when no node is preferred
	 */
	public Set<String> preferredNodes(String group) {
		return this.preferred.getOrDefault(group, Set.of());
	}

	/**
	 * Whether a node is preferred to lead a group: its id, or one of its tags, is among
	 * the group's preferred entries. Ids and tags are matched alike, as {@code .nodes}
	 * and {@code .tags} make a node eligible: {@code preferred=region-a} prefers every
	 * node tagged {@code region-a}, {@code preferred=node-7} the node {@code node-7}.
	 * @param group the group
	 * @param nodeId the node's id
	 * @param tags the node's tags
	 * @return {@code true} when the node is preferred
	 */
	public boolean prefers(String group, String nodeId, Set<String> tags) {
		Set<String> entries = preferredNodes(group);
		if (entries.isEmpty()) {
			return false;
		}
		if (entries.contains(nodeId)) {
			return true;
		}
		for (String tag : tags) {
			if (entries.contains(tag)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A policy with balancing turned on or off.
	 * @param balance whether to balance
	 * @return the policy
	 */
	public PlacementPolicy withBalance(boolean balance) {
		return new PlacementPolicy(balance, this.weights, this.capacity, this.settleDelay, this.backupDelay,
				this.yieldCoolDown, this.preferred);
	}

	/**
	 * A policy with other delays.
	 * @param settleDelay the settle delay
	 * @param backupDelay the backup delay
	 * @param yieldCoolDown the cool-down after a yield
	 * @return the policy
	 */
	public PlacementPolicy withDelays(Duration settleDelay, Duration backupDelay, Duration yieldCoolDown) {
		return new PlacementPolicy(this.balance, this.weights, this.capacity, settleDelay, backupDelay, yieldCoolDown,
				this.preferred);
	}

	private static void requireNodeIdOrTag(String group, String entry) {
		if (entry.isBlank() || !entry.equals(entry.strip())) {
			throw new LeaderConfigurationException("Invalid leader.placement.groups." + group + ".preferred: '" + entry
					+ "' must be a node id or a node tag (leader.node-tags): non-blank, without surrounding spaces");
		}
	}

	private static void requireNotNegative(String name, Duration value) {
		if (value.isNegative()) {
			throw new LeaderConfigurationException("leader.placement." + name + " must not be negative, was " + value);
		}
	}

}
