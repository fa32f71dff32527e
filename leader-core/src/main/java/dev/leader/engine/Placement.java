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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.Identifiers;
import dev.leader.PlacementState;

/**
 * Applies a {@link PlacementPolicy} on one node: learns the live nodes and their loads
 * from every snapshot of the {@link BeliefBoard}, decides which group this node yields
 * (one at a time, after the settle delay), and how long it waits before it acquires a
 * free group. It never takes a lease itself: a group only moves by this node's yield and
 * another node's ordinary acquisition, with a greater token.
 *
 * @author leader-spring-boot-starter
 */
final class Placement {

	private static final Log logger = LogFactory.getLog(Placement.class);

	private final PlacementPolicy policy;

	private final String nodeId;

	/** This node's tags, matched against a group's preferred entries. */
	private final Set<String> nodeTags;

	/** Whether another node may lead a group, judged by its published tags. */
	private final Eligibility eligibility;

	private final Node node;

	private final LongSupplier nanoTime;

	/** How long a yielded group may stay untaken before another group may move. */
	private long moveTimeoutNanos;

	/** Guards the fields below. */
	private final Object monitor = new Object();

	/** Whether a snapshot was read since the start. */
	private boolean known;

	/** The live campaigning nodes, this one included when it campaigns. */
	private int liveNodes = 1;

	/** The other live campaigning nodes: their tags by node id. */
	private Map<String, Set<String>> otherNodes = Map.of();

	/** The share computed at the last snapshot. */
	private long share = Long.MAX_VALUE;

	/** The least load of the other live nodes at the last snapshot. */
	private long leastOtherLoad = Long.MAX_VALUE;

	/** When this node's load was first seen above its share, or 0. */
	private long overSince;

	/** The group this node yielded to move it, until another node holds it. */
	private @Nullable String moving;

	private long movingSince;

	/** When a group led here with a live preferred node elsewhere was first seen. */
	private final Map<String, Long> preferredElsewhereSince = new HashMap<>();

	/** Until when a yielded or drained group stays behind the other nodes. */
	private final Map<String, Long> coolUntil = new HashMap<>();

	Placement(PlacementPolicy policy, String nodeId, Node node, LongSupplier nanoTime) {
		this(policy, nodeId, Set.of(), Eligibility.ANY, node, nanoTime);
	}

	Placement(PlacementPolicy policy, String nodeId, Set<String> nodeTags, Eligibility eligibility, Node node,
			LongSupplier nanoTime) {
		this.policy = policy;
		this.nodeId = nodeId;
		this.nodeTags = Set.copyOf(nodeTags);
		this.eligibility = eligibility;
		this.node = node;
		this.nanoTime = nanoTime;
		this.moveTimeoutNanos = policy.settleDelay().plus(policy.backupDelay().multipliedBy(2)).toNanos();
	}

	/**
	 * Forget what was learnt: a new run starts.
	 * @param interval how often the run exchanges with the store
	 */
	void start(Duration interval) {
		synchronized (this.monitor) {
			this.moveTimeoutNanos = this.policy.settleDelay()
				.plus(this.policy.backupDelay().multipliedBy(2))
				.plus(interval.multipliedBy(3))
				.toNanos();
			this.known = false;
			this.liveNodes = 1;
			this.otherNodes = Map.of();
			this.share = Long.MAX_VALUE;
			this.leastOtherLoad = Long.MAX_VALUE;
			this.overSince = 0;
			this.moving = null;
			this.preferredElsewhereSince.clear();
		}
	}

	/**
	 * The weight of the groups this node campaigns for, published with its beliefs so
	 * that a node that campaigns for nothing (drained) is not counted.
	 * @return the weight
	 */
	long campaignWeight() {
		long weight = 0;
		for (String group : this.node.campaigning()) {
			weight += this.policy.weight(group);
		}
		return weight;
	}

	/**
	 * A group this node yielded or drained: it stays behind the others for the cool-down.
	 * @param group the group
	 */
	void gaveUp(String group) {
		synchronized (this.monitor) {
			this.coolUntil.put(group, this.nanoTime.getAsLong() + this.policy.yieldCoolDown().toNanos());
		}
	}

	/**
	 * How long to wait before acquiring a free group: 0 for a node with room that leads
	 * no more than any other live node; the backup delay for a node at its share, for one
	 * that leads more than another live node, or not preferred while a preferred node is
	 * live; twice that in the cool-down after this node gave the group up, while another
	 * node campaigns.
	 * @param group the group
	 * @return the delay in nanoseconds
	 */
	long acquisitionDelayNanos(String group) {
		return acquisitionDelayNanos(group, this::load);
	}

	/**
	 * {@link #acquisitionDelayNanos(String)} with this node's load as the caller saw it.
	 * @param group the group
	 * @param load the weight this node leads
	 * @return the delay in nanoseconds
	 */
	long acquisitionDelayNanos(String group, long load) {
		return acquisitionDelayNanos(group, () -> load);
	}

	private long acquisitionDelayNanos(String group, LongSupplier currentLoad) {
		long backup = this.policy.backupDelay().toNanos();
		boolean preferredHere = this.policy.prefers(group, this.nodeId, this.nodeTags);
		long delay = 0;
		// Asked of the campaigns before the monitor is taken: it is never held while
		// calling out. A group led already does not count against itself. Only balancing
		// needs the load, which walks every group: not asked otherwise (a hot path).
		int weight = this.policy.weight(group);
		boolean balancing = this.policy.balance() && !preferredHere;
		long load = balancing ? currentLoad.getAsLong() - (this.node.leads(group) ? weight : 0) : 0;
		synchronized (this.monitor) {
			long now = this.nanoTime.getAsLong();
			Long cool = this.coolUntil.get(group);
			if (cool != null) {
				if (now - cool >= 0) {
					this.coolUntil.remove(group);
				}
				else if (this.known && !this.otherNodes.isEmpty()) {
					// Behind the others only while another node campaigns: alone, this
					// node takes the group back.
					delay = 2 * backup;
				}
			}
			if (preferredHere || !this.known) {
				return delay;
			}
			if (preferredElsewhere(group)) {
				delay = Math.max(delay, backup);
			}
			if (balancing && this.liveNodes > 1 && (load + weight > this.share || load > this.leastOtherLoad)) {
				// At its share, or another node leads less: that node goes first.
				delay = Math.max(delay, backup);
			}
		}
		return delay;
	}

	/**
	 * How much more weight this node may take now before it is at its share: a round that
	 * finds several groups free takes no more than that at once, so that a node with room
	 * after a crash does not take every expired group and hand the surplus over again.
	 * @return the room, {@link Long#MAX_VALUE} when balancing is off or not known yet
	 */
	long room() {
		if (!this.policy.balance()) {
			return Long.MAX_VALUE;
		}
		long load = load();
		synchronized (this.monitor) {
			if (!this.policy.balance() || !this.known || this.liveNodes <= 1) {
				return Long.MAX_VALUE;
			}
			return Math.max(0, this.share - load);
		}
	}

	/**
	 * The weight of a group.
	 * @param group the group
	 * @return its weight
	 */
	int weight(String group) {
		return this.policy.weight(group);
	}

	/**
	 * How long a node without room waits before it tries a free group again.
	 * @return the backup delay in nanoseconds
	 */
	long backupNanos() {
		return this.policy.backupDelay().toNanos();
	}

	/**
	 * What the placement knows now, for the endpoint.
	 * @return the state
	 */
	PlacementState state() {
		long load = load();
		synchronized (this.monitor) {
			return new PlacementState(this.policy.balance(), this.liveNodes,
					(this.share == Long.MAX_VALUE) ? -1 : this.share, load, this.policy.capacity(),
					new TreeSet<>(this.otherNodes.keySet()), this.moving);
		}
	}

	/**
	 * Learn the live nodes and their loads from a snapshot, and move a group when the
	 * policy says so (on the exchange's thread; the yield itself runs elsewhere).
	 * @param snapshot what the store holds
	 * @param instanceId this instance
	 */
	void apply(BeliefBoard.Snapshot snapshot, String instanceId) {
		Set<String> campaigning = this.node.campaigning();
		List<String> leading = campaigning.stream().filter(this.node::leads).sorted().toList();
		long load = 0;
		for (String group : leading) {
			load += this.policy.weight(group);
		}
		String move;
		boolean roomOpened;
		synchronized (this.monitor) {
			boolean leftToOthers = leavesFreeGroupsToOthers(load);
			move = decide(snapshot, instanceId, campaigning, leading, load, this.nanoTime.getAsLong());
			roomOpened = leftToOthers && !leavesFreeGroupsToOthers(load);
			if (move != null) {
				this.moving = move;
				this.movingSince = this.nanoTime.getAsLong();
			}
		}
		if (roomOpened) {
			this.node.roomOpened();
		}
		if (move != null) {
			this.node.yieldToMove(move);
		}
	}

	/**
	 * Whether, by its load alone, this node leaves a free group to the others: it is at
	 * its share, or another live node leads less (see {@link #acquisitionDelayNanos}).
	 * Called with the monitor held.
	 */
	private boolean leavesFreeGroupsToOthers(long load) {
		return this.policy.balance() && this.known && this.liveNodes > 1
				&& (load + 1 > this.share || load > this.leastOtherLoad);
	}

	private @Nullable String decide(BeliefBoard.Snapshot snapshot, String instanceId, Set<String> campaigning,
			List<String> leading, long load, long now) {
		long ownWeight = 0;
		for (String group : campaigning) {
			ownWeight += this.policy.weight(group);
		}
		Map<String, Long> others = new HashMap<>();
		Map<String, Set<String>> otherTags = new HashMap<>();
		snapshot.members().forEach((instance, member) -> {
			if (!instance.equals(instanceId) && member.campaignWeight() != 0) {
				others.put(instance, 0L);
				// Two live instances of one node (a restart): either's tags count.
				otherTags.computeIfAbsent(Identifiers.nodeIdOf(instance), (id) -> new HashSet<>())
					.addAll(member.tags());
			}
		});
		snapshot.holders()
			.forEach((group, holder) -> others.computeIfPresent(holder,
					(instance, otherLoad) -> otherLoad + this.policy.weight(group)));
		this.known = true;
		this.otherNodes = Map.copyOf(otherTags);
		this.liveNodes = others.size() + ((ownWeight > 0) ? 1 : 0);
		long fair = (this.liveNodes == 0) ? ownWeight : (ownWeight + this.liveNodes - 1) / this.liveNodes;
		this.share = (this.policy.capacity() > 0) ? Math.min(fair, this.policy.capacity()) : fair;
		this.leastOtherLoad = others.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
		if (this.moving != null) {
			String holder = snapshot.holders().get(this.moving);
			if ((holder != null && !holder.equals(instanceId)) || now - this.movingSince > this.moveTimeoutNanos) {
				this.moving = null;
			}
			else {
				return null;
			}
		}
		String preferredMove = preferredMove(leading, now);
		if (preferredMove != null) {
			return preferredMove;
		}
		return balanceMove(leading, load, others, instanceId, now);
	}

	private @Nullable String preferredMove(List<String> leading, long now) {
		this.preferredElsewhereSince.keySet().retainAll(leading);
		for (String group : leading) {
			if (this.policy.preferredNodes(group).isEmpty() || this.policy.prefers(group, this.nodeId, this.nodeTags)
					|| !preferredElsewhere(group)) {
				this.preferredElsewhereSince.remove(group);
				continue;
			}
			long since = this.preferredElsewhereSince.computeIfAbsent(group, (key) -> now);
			if (now - since >= this.policy.settleDelay().toNanos()) {
				this.preferredElsewhereSince.remove(group);
				logger.info("Node " + this.nodeId + " hands group '" + group + "' over to a preferred node "
						+ this.policy.preferredNodes(group));
				return group;
			}
		}
		return null;
	}

	private @Nullable String balanceMove(List<String> leading, long load, Map<String, Long> others, String instanceId,
			long now) {
		if (!this.policy.balance() || leading.size() < 2 || others.isEmpty()) {
			this.overSince = 0;
			return null;
		}
		long surplus;
		long room;
		if (load > this.share) {
			// Above its share: down to it, to a node with room.
			surplus = load - this.share;
			room = 0;
			for (long otherLoad : others.values()) {
				room = Math.max(room, this.share - otherLoad);
			}
		}
		else if (mostLoaded(load, others, instanceId)) {
			// At or under its share, but the most loaded node (ties: the smallest
			// instance id): a group lighter than the gap to the least loaded node narrows
			// the spread (every such move lowers the sum of squared loads, so moves end),
			// where a share of ceil(W / N) alone would leave a joining node far below the
			// others.
			surplus = load - this.leastOtherLoad - 1;
			room = this.share - this.leastOtherLoad;
		}
		else {
			this.overSince = 0;
			return null;
		}
		String candidate = null;
		int candidateWeight = 0;
		for (String group : leading) {
			int weight = this.policy.weight(group);
			if (weight <= surplus && weight <= room && weight > candidateWeight
					&& !this.policy.prefers(group, this.nodeId, this.nodeTags)) {
				candidate = group;
				candidateWeight = weight;
			}
		}
		if (candidate == null) {
			this.overSince = 0;
			return null;
		}
		if (this.overSince == 0) {
			this.overSince = now;
		}
		if (now - this.overSince < this.policy.settleDelay().toNanos()) {
			return null;
		}
		logger.info("Node " + this.nodeId + " leads weight " + load + " (share " + this.share + " of " + this.liveNodes
				+ " nodes, least loaded other node " + this.leastOtherLoad + "): it hands group '" + candidate
				+ "' over");
		return candidate;
	}

	/**
	 * Whether another live campaigning node is preferred for a group (by its id or one of
	 * its published tags) and eligible for it, so that a group never moves towards a node
	 * that would not campaign for it. Called with the monitor held.
	 */
	private boolean preferredElsewhere(String group) {
		if (this.policy.preferredNodes(group).isEmpty()) {
			return false;
		}
		for (Map.Entry<String, Set<String>> other : this.otherNodes.entrySet()) {
			if (this.policy.prefers(group, other.getKey(), other.getValue())
					&& this.eligibility.refusal(other.getKey(), other.getValue(), group).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether this node leads the most weight of the live nodes, the smallest instance id
	 * winning a tie, so that one node at a time moves a group to the least loaded one.
	 */
	private static boolean mostLoaded(long load, Map<String, Long> others, String instanceId) {
		for (Map.Entry<String, Long> other : others.entrySet()) {
			if (other.getValue() > load || (other.getValue() == load && other.getKey().compareTo(instanceId) < 0)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The weight of the groups this node leads now (walks every group).
	 * @return the load
	 */
	long load() {
		long load = 0;
		for (String group : this.node.campaigning()) {
			if (this.node.leads(group)) {
				load += this.policy.weight(group);
			}
		}
		return load;
	}

	/**
	 * What the placement needs of its node.
	 */
	interface Node {

		/**
		 * The groups this node campaigns for now (not drained).
		 * @return the groups
		 */
		Set<String> campaigning();

		/**
		 * Whether this node leads a group now.
		 * @param group the group
		 * @return {@code true} while leading
		 */
		boolean leads(String group);

		/**
		 * Yield a group to move it, without blocking the caller.
		 * @param group the group
		 */
		void yieldToMove(String group);

		/**
		 * This node no longer leaves free groups to the others by its load: a node left
		 * (it crashed, stopped or was drained) and the share grew, or the others' loads
		 * grew past this node's. A wait it began to leave a group to a node with room may
		 * be over. Must not block the caller.
		 */
		void roomOpened();

	}

}
