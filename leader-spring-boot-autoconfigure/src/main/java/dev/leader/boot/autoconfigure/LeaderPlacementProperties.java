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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.leader.engine.PlacementPolicy;

/**
 * Where each group may run: {@code leader.placement.*}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.placement")
public class LeaderPlacementProperties {

	/**
	 * Placement per group, by group name. A group not listed may run on every node.
	 */
	private final Map<String, Group> groups = new LinkedHashMap<>();

	/**
	 * Whether groups are spread over the live nodes: a node leads at most its share,
	 * ceil(W / N) of the weight W of the groups it campaigns for over the N live
	 * campaigning nodes (capped by capacity), and hands a surplus group over, one at a
	 * time, once it stayed above its share for settle-delay.
	 */
	private boolean balance = true;

	/**
	 * Most weight (see leader.placement.groups.{group}.weight) this node leads while
	 * another node has room; 0 for no cap. It caps the share, it never leaves a group
	 * without a leader.
	 */
	private int capacity = 0;

	/**
	 * How long a node must stay above its share, or a preferred node be live, before a
	 * group moves: restarts and brief changes in membership move nothing.
	 */
	private Duration settleDelay = Duration.ofSeconds(5);

	/**
	 * How long a node at its share, or not preferred for a group while a preferred node
	 * is live, waits before it acquires a free group, so that a node with room takes it
	 * first (JDBC and etcd; ZooKeeper queues its candidates). Longer than the retry
	 * interval.
	 */
	private Duration backupDelay = Duration.ofSeconds(2);

	/**
	 * How long a node that yielded or drained a group stays behind the other nodes when
	 * the group is free again: it wins the group back only if no other node takes it.
	 */
	private Duration yieldCoolDown = Duration.ofSeconds(30);

	/**
	 * Whether a node whose readiness changes to refusing traffic after start-up hands its
	 * groups over (as a drain) until it is ready again.
	 */
	private boolean followReadiness = true;

	/**
	 * How long readiness must stay refusing traffic before the node hands its groups
	 * over: a brief flap moves nothing, nor does the start of a shutdown (a web
	 * application's context announces it as refusing traffic just before it closes).
	 */
	private Duration readinessDelay = Duration.ofSeconds(1);

	/**
	 * How long a node that stopped being ready waits for another node to take over a
	 * group before it campaigns for it again: a group is never left without a leader
	 * because every node is unready.
	 */
	private Duration readinessHandoverTimeout = Duration.ofSeconds(10);

	/**
	 * Name of a Spring Boot health group (one defined with
	 * management.endpoint.health.group.*.include) that keeps this node from leading while
	 * its status is not UP (UNKNOWN counts as up): once the status has stayed so for
	 * readiness-delay, the node hands its groups over as it does when not ready, and
	 * campaigns again when the group is UP. Needs Spring Boot's health endpoint.
	 */
	private @Nullable String healthGroup;

	/**
	 * How often the node checks the status of the health group named by health-group,
	 * from the moment the application is ready.
	 */
	private Duration healthCheckInterval = Duration.ofSeconds(5);

	public Map<String, Group> getGroups() {
		return this.groups;
	}

	public boolean isBalance() {
		return this.balance;
	}

	public void setBalance(boolean balance) {
		this.balance = balance;
	}

	public int getCapacity() {
		return this.capacity;
	}

	public void setCapacity(int capacity) {
		this.capacity = capacity;
	}

	public Duration getSettleDelay() {
		return this.settleDelay;
	}

	public void setSettleDelay(Duration settleDelay) {
		this.settleDelay = settleDelay;
	}

	public Duration getBackupDelay() {
		return this.backupDelay;
	}

	public void setBackupDelay(Duration backupDelay) {
		this.backupDelay = backupDelay;
	}

	public Duration getYieldCoolDown() {
		return this.yieldCoolDown;
	}

	public void setYieldCoolDown(Duration yieldCoolDown) {
		this.yieldCoolDown = yieldCoolDown;
	}

	/**
	 * The policy these properties describe.
	 * @return the policy
	 */
	PlacementPolicy toPolicy() {
		Map<String, Integer> weights = new LinkedHashMap<>();
		Map<String, Set<String>> preferred = new LinkedHashMap<>();
		this.groups.forEach((group, settings) -> {
			if (settings.getWeight() != 1) {
				weights.put(group, settings.getWeight());
			}
			if (!settings.getPreferred().isEmpty()) {
				preferred.put(group, settings.getPreferred());
			}
		});
		return new PlacementPolicy(this.balance, weights, this.capacity, this.settleDelay, this.backupDelay,
				this.yieldCoolDown, preferred);
	}

	public boolean isFollowReadiness() {
		return this.followReadiness;
	}

	public void setFollowReadiness(boolean followReadiness) {
		this.followReadiness = followReadiness;
	}

	public Duration getReadinessDelay() {
		return this.readinessDelay;
	}

	public void setReadinessDelay(Duration readinessDelay) {
		this.readinessDelay = readinessDelay;
	}

	public Duration getReadinessHandoverTimeout() {
		return this.readinessHandoverTimeout;
	}

	public void setReadinessHandoverTimeout(Duration readinessHandoverTimeout) {
		this.readinessHandoverTimeout = readinessHandoverTimeout;
	}

	public @Nullable String getHealthGroup() {
		return this.healthGroup;
	}

	public void setHealthGroup(@Nullable String healthGroup) {
		this.healthGroup = healthGroup;
	}

	public Duration getHealthCheckInterval() {
		return this.healthCheckInterval;
	}

	public void setHealthCheckInterval(Duration healthCheckInterval) {
		this.healthCheckInterval = healthCheckInterval;
	}

	/**
	 * Where one group may run. A node may lead the group when its id is among
	 * {@code nodes} or it carries one of {@code tags} ({@code leader.node-tags}); with
	 * neither set, every node may.
	 */
	public static class Group {

		/**
		 * Ids of the nodes that may lead the group.
		 */
		private Set<String> nodes = new LinkedHashSet<>();

		/**
		 * Node tags (see leader.node-tags) of which a node must carry one to lead the
		 * group.
		 */
		private Set<String> tags = new LinkedHashSet<>();

		/**
		 * How much the group counts towards a node's share: a heavy job counts more.
		 */
		private int weight = 1;

		/**
		 * Node ids or node tags (see leader.node-tags) of the nodes preferred to lead the
		 * group: a node is preferred when its id or one of its tags is listed. While a
		 * preferred node that may lead the group is live, a node not preferred hands the
		 * group over after settle-delay, and waits backup-delay before it acquires the
		 * group when it is free.
		 */
		private Set<String> preferred = new LinkedHashSet<>();

		public int getWeight() {
			return this.weight;
		}

		public void setWeight(int weight) {
			this.weight = weight;
		}

		public Set<String> getPreferred() {
			return this.preferred;
		}

		public void setPreferred(Set<String> preferred) {
			this.preferred = preferred;
		}

		public Set<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(Set<String> nodes) {
			this.nodes = nodes;
		}

		public Set<String> getTags() {
			return this.tags;
		}

		public void setTags(Set<String> tags) {
			this.tags = tags;
		}

	}

}
