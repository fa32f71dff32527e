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

package dev.leader.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.leader.bench.NodeProcess.Leading;

/**
 * How the groups were split over the running nodes at one moment, as each node told the
 * harness: how many each leads, how many groups had a leader, how many grants the nodes
 * had so far.
 *
 * @param groups the groups of the cluster
 * @param counts groups led per node, in the order of the nodes
 * @param led groups with at least one leader
 * @param duplicates groups that more than one node believed it led
 * @param grants leadership grants of these nodes so far
 * @author leader-spring-boot-starter
 */
record Split(int groups, List<Integer> counts, int led, int duplicates, long grants) {

	static Split of(List<NodeProcess> nodes, int groupCount) {
		List<Integer> perNode = new ArrayList<>();
		Set<Integer> withLeader = new HashSet<>();
		int twice = 0;
		long granted = 0;
		for (NodeProcess node : nodes) {
			Leading leading = node.leading();
			perNode.add(leading.groups().size());
			for (Integer group : leading.groups()) {
				if (!withLeader.add(group)) {
					twice++;
				}
			}
			granted += leading.grants();
		}
		return new Split(groupCount, List.copyOf(perNode), withLeader.size(), twice, granted);
	}

	/**
	 * Whether balancing is done by its own rule: every group has exactly one leader and
	 * no node leads more than its share, {@code ceil(groups / nodes)}. No group moves
	 * from there on (a node at or under its share yields nothing).
	 * @return whether the split is settled
	 */
	boolean isSettled() {
		if (this.led != this.groups || this.duplicates != 0 || this.counts.isEmpty()) {
			return false;
		}
		int share = (this.groups + this.counts.size() - 1) / this.counts.size();
		return this.counts.stream().allMatch((count) -> count <= share);
	}

	/**
	 * Whether every group has exactly one leader and every node leads within one group of
	 * the even split ({@code groups / nodes}). Stricter than {@link #isSettled()} when
	 * the nodes do not divide the groups: 34/34/32 is settled, not even.
	 * @return whether the split is even
	 */
	boolean isEven() {
		if (this.led != this.groups || this.duplicates != 0 || this.counts.isEmpty()) {
			return false;
		}
		double even = (double) this.groups / this.counts.size();
		return this.counts.stream().allMatch((count) -> Math.abs(count - even) <= 1.0 + 1e-9);
	}

	/**
	 * The counts as {@code 34/33/33}.
	 * @return the counts joined with slashes
	 */
	String format() {
		return this.counts.stream().map(String::valueOf).collect(Collectors.joining("/"));
	}

}
