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

package dev.leader.lease;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderStoreException;
import dev.leader.Lease;

/**
 * The rounds' side of a store's {@link InstanceLiveness}, for one run: no acquisition
 * before this instance's session holds its lock; the holders of followed leases are
 * watched; a lease whose holder's session ended is taken over instead of waited out.
 * Without a liveness (the store has none, or the option is off) every method is a no-op
 * and the normal path is unchanged.
 *
 * @author leader-spring-boot-starter
 */
final class LivenessLink {

	private static final Log logger = LogFactory.getLog(LivenessLink.class);

	private final String instanceId;

	/** Each followed group's lease (holder and token), as last read. */
	private final Map<String, Lease> followed = new ConcurrentHashMap<>();

	/** Instances whose sessions were seen held and then ended: final. */
	private final Set<String> ended = ConcurrentHashMap.newKeySet();

	private volatile @Nullable InstanceLiveness liveness;

	private LivenessLink(String instanceId) {
		this.instanceId = instanceId;
	}

	/**
	 * No liveness: the normal path only.
	 */
	static LivenessLink none(String instanceId) {
		return new LivenessLink(instanceId);
	}

	/**
	 * Open the store's liveness for a run.
	 * @param store the store
	 * @param instanceId the run's instance
	 * @param leaseDuration the lease duration
	 * @param lost told when this instance's session ended
	 * @param ended told, with the instance's id, when a watched instance's session ended,
	 * after the link learnt it
	 */
	static LivenessLink open(LeaseStore store, String instanceId, Duration leaseDuration, Runnable lost,
			Consumer<String> ended) {
		LivenessLink link = new LivenessLink(instanceId);
		link.liveness = store.liveness(instanceId, leaseDuration, new InstanceLiveness.Listener() {

			@Override
			public void lost(String reason) {
				logger.warn("Instance " + instanceId + " lost its liveness session on " + store.description() + " ("
						+ reason + "): it steps down from every group and starts again as a new instance");
				lost.run();
			}

			@Override
			public void ended(String other) {
				link.ended.add(other);
				// The takeover first: this log line is not on the failover's path.
				ended.accept(other);
				logger.info("Instance " + other + " ended its liveness session on " + store.description()
						+ ": instance " + instanceId + " takes over the leases it still holds");
			}

		}).orElse(null);
		return link;
	}

	/**
	 * Refuse an acquisition while this instance's session does not hold its lock.
	 * @throws LeaderStoreException when it does not
	 */
	void requireHeld() {
		InstanceLiveness current = this.liveness;
		if (current != null && !current.isHeld()) {
			throw new LeaderStoreException(
					"instance " + this.instanceId
							+ " holds no liveness session (not set up yet, or lost for good): it acquires no lease",
					null);
		}
	}

	/**
	 * Whether a lease read by a follower is held by an instance whose session ended: it
	 * is then taken over at once.
	 */
	boolean isOrphaned(@Nullable Lease lease) {
		return lease != null && this.liveness != null && lease.holder() != null
				&& !this.instanceId.equals(lease.holder()) && this.ended.contains(lease.holder());
	}

	/**
	 * The leases a round read: watch the instances that hold them, unexpired.
	 * @param groups the groups read
	 * @param leases the leases by group
	 */
	void read(Iterable<String> groups, Map<String, Lease> leases) {
		InstanceLiveness current = this.liveness;
		if (current == null) {
			return;
		}
		for (String group : groups) {
			Lease lease = leases.get(group);
			if (lease != null && lease.isActive() && lease.holder() != null
					&& !this.instanceId.equals(lease.holder())) {
				this.followed.put(group, lease);
			}
			else {
				this.followed.remove(group);
			}
		}
		watch(current);
	}

	/**
	 * The followed leases that {@code instance} held when this node last read them, by
	 * group: what a takeover after the end of its session is conditional on (holder and
	 * token). A lease that changed since (a new token, another holder) makes that
	 * conditional takeover a no-op, never a grant.
	 * @param instance an instance whose session ended
	 * @return the leases by group, empty when it held none this node follows
	 */
	Map<String, Lease> heldBy(String instance) {
		Map<String, Lease> held = new LinkedHashMap<>();
		this.followed.forEach((group, lease) -> {
			if (instance.equals(lease.holder())) {
				held.put(group, lease);
			}
		});
		return held;
	}

	/**
	 * A group was acquired: it is no longer followed.
	 */
	void acquired(String group) {
		InstanceLiveness current = this.liveness;
		if (current != null && this.followed.remove(group) != null) {
			watch(current);
		}
	}

	private void watch(InstanceLiveness current) {
		Set<String> holders = new HashSet<>();
		for (Lease lease : this.followed.values()) {
			String holder = lease.holder();
			if (holder != null) {
				holders.add(holder);
			}
		}
		holders.removeAll(this.ended);
		try {
			current.watchOnly(holders);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not update the watched instances", ex);
		}
	}

	/**
	 * End this run's session and waits.
	 */
	void close() {
		InstanceLiveness current = this.liveness;
		if (current != null) {
			current.close();
		}
	}

}
