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

package dev.leader.boot.actuate;

import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipHistory;
import dev.leader.Lease;
import dev.leader.boot.actuate.LeaderEndpoint.DrillDescriptor;

/**
 * A failover drill for one group: this node, the leader, yields it, and the drill waits
 * until the store shows another instance holding it with a greater token, then reports
 * who took over and how long the handover took. The result is logged and kept in the
 * leadership history: the yield's record ends as {@link LeadershipEnd#DRILL}, with the
 * successor and the handover time as its detail.
 *
 * @author leader-spring-boot-starter
 */
final class LeadershipDrill {

	private static final Log logger = LogFactory.getLog(LeadershipDrill.class);

	/** How long a drill waits for a successor at most. */
	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final long POLL_MILLIS = 20;

	private final LeaderCoordinator coordinator;

	LeadershipDrill(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	DrillDescriptor run(String group) {
		String node = this.coordinator.nodeId();
		Optional<FencingToken> held = this.coordinator.token(group);
		if (held.isEmpty()) {
			return new DrillDescriptor(group, node, false, null, null, null, null, null, false,
					"this node does not lead the group: run the drill on its leader");
		}
		long old = held.get().value();
		long started = System.nanoTime();
		if (!this.coordinator.yield(group)) {
			return new DrillDescriptor(group, node, false, old, null, null, null, null, false,
					"this node stopped leading the group before the drill could yield it");
		}
		long deadline = started + TIMEOUT.toNanos();
		while (System.nanoTime() - deadline < 0) {
			Lease successor = successor(group, old);
			if (successor != null) {
				double millis = (System.nanoTime() - started) / 1_000_000.0;
				String holder = successor.holder();
				String detail = "drill: handed over to " + holder + " (token " + successor.token() + ") in "
						+ Math.round(millis) + " ms";
				boolean recorded = record(group, old, detail);
				DrillDescriptor result = new DrillDescriptor(group, node, true, old,
						(holder != null) ? Identifiers.nodeIdOf(holder) : null, holder, successor.token(), millis,
						recorded, "handed over");
				logger.info("Drill of group '" + group + "': node " + node + " (token " + old + ") handed over to "
						+ holder + " (token " + successor.token() + ") in " + Math.round(millis) + " ms");
				return result;
			}
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		logger.warn("Drill of group '" + group + "': no other node took over within " + TIMEOUT.toSeconds()
				+ " s after node " + node + " yielded token " + old);
		String failure = "no other node took over within " + TIMEOUT.toSeconds() + " s";
		boolean recorded = record(group, old, "drill: " + failure);
		return new DrillDescriptor(group, node, false, old, null, null, null, null, recorded, failure);
	}

	/**
	 * Record the drill in the history: the yield's record (closed by the release) ends as
	 * {@link LeadershipEnd#DRILL}, with the outcome as its detail.
	 * @return whether the history recorded it
	 */
	private boolean record(String group, long token, String detail) {
		Optional<LeadershipHistory> history = this.coordinator.leadershipHistory();
		if (history.isEmpty()) {
			return false;
		}
		try {
			if (history.get().annotate(group, token, LeadershipEnd.DRILL, detail)) {
				return true;
			}
			logger.warn("Drill of group '" + group + "': the history has no ended record of token " + token
					+ " to mark as a drill (its release was not recorded)");
		}
		catch (RuntimeException ex) {
			logger.warn("Drill of group '" + group + "': could not record it in the leadership history: " + ex);
		}
		return false;
	}

	private @Nullable Lease successor(String group, long old) {
		try {
			Lease lease = this.coordinator.lease(group).orElse(null);
			if (lease == null || !lease.isActive() || lease.token() <= old
					|| this.coordinator.instanceId().equals(lease.holder())) {
				return null;
			}
			return lease;
		}
		catch (LeaderStoreException ex) {
			return null;
		}
	}

}
