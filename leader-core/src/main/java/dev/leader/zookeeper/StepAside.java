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

package dev.leader.zookeeper;

import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Balancing on an election that queues its candidates. ZooKeeper's election grants a free
 * group to the first node in line, whether or not that node is at its share, where on
 * JDBC and etcd the nodes race for it and the nodes at their share defer. So a node that
 * the placement asks to wait (at its share, leading more than another live node, not
 * preferred while a preferred node is live, or in the cool-down after it gave the group
 * up), or that has no room left for the group, steps aside: it leaves the election
 * without taking the group, so that the next node in line is granted at once, waits the
 * placement's delay outside it, and queues again at the back. Granted again with the
 * group's token unchanged, nobody was granted the group in the meantime: it takes it,
 * unless it has no room for it, in which case it steps aside once more (as a JDBC round
 * takes no more free groups than its room and leaves the rest for one more backup delay),
 * so that the nodes behind it take their part of several groups freed at once. A group so
 * stays free for at most twice the delay and a few round trips. Without this, a group
 * yielded by a node above its share would go to the queue's next node even at its share,
 * which would yield it again: a group would move several times in one rebalance.
 * <p>
 * One per election; used on its election thread only.
 *
 * @author leader-spring-boot-starter
 */
final class StepAside {

	private static final Log logger = LogFactory.getLog(StepAside.class);

	private final ZookeeperLeaderCoordinator coordinator;

	private final String group;

	/** The group's token when this node last stepped aside, or -1. */
	private long steppedAsideAt = -1;

	/** How many times in a row this node stepped aside at that token. */
	private int times;

	StepAside(ZookeeperLeaderCoordinator coordinator, String group) {
		this.coordinator = coordinator;
		this.group = group;
	}

	/**
	 * Decide whether this node takes the group the election just granted it, or steps
	 * aside (leaving the election) for the nodes behind it.
	 * @param fits whether the group fits this node's room, counting the groups being
	 * granted to it at the same time
	 * @return 0 to take the group, or how long to wait outside the election before
	 * queueing again, in nanoseconds
	 * @throws InterruptedException when interrupted while talking to ZooKeeper
	 */
	long decide(boolean fits) throws InterruptedException {
		long delay = this.coordinator.placementDelayNanos(this.group);
		if (delay <= 0 && fits) {
			this.steppedAsideAt = -1;
			this.times = 0;
			return 0;
		}
		if (!fits) {
			delay = Math.max(delay, this.coordinator.backupNanos());
		}
		long previous = this.steppedAsideAt;
		int before = this.times;
		LongPredicate stepAside = (token) -> token != previous || (before == 1 && !fits);
		long token;
		try {
			token = this.coordinator.protocol().stepAside(this.group, stepAside);
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			// Taking the group checks the election again, and backs off when ZooKeeper
			// fails.
			logger.debug("Node " + this.coordinator.nodeId() + " could not step aside in the election of group '"
					+ this.group + "'; it takes the group: " + ex);
			return 0;
		}
		if (!stepAside.test(token)) {
			// Nobody took the group while this node waited: it takes it.
			this.steppedAsideAt = -1;
			this.times = 0;
			return 0;
		}
		this.times = (token == previous) ? before + 1 : 1;
		this.steppedAsideAt = token;
		if (logger.isDebugEnabled()) {
			logger.debug("Node " + this.coordinator.nodeId() + " steps aside in the election of group '" + this.group
					+ "' for " + TimeUnit.NANOSECONDS.toMillis(delay) + " ms" + (fits ? "" : " (no room)")
					+ ": a node with room goes first");
		}
		return delay;
	}

}
