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

package dev.leader.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.leader.lease.InstanceLiveness;

/**
 * Fast failover's {@link InstanceLiveness}, for every database with
 * {@link LivenessLocks}: this instance's {@link LivenessSession}, and one
 * {@link InstanceWaiter} per leader instance followed, at most
 * {@link FastFailover#maxWaiters()} at once. A node thus adds one connection for itself
 * and one per other instance that leads groups it follows, up to the cap.
 *
 * @author leader-spring-boot-starter
 */
final class SessionLiveness implements InstanceLiveness {

	private static final Log logger = LogFactory.getLog(SessionLiveness.class);

	private final FastFailover options;

	private final LivenessSession session;

	private final Listener listener;

	/** The waiters by instance; guarded by itself. */
	private final Map<String, InstanceWaiter> waiters = new LinkedHashMap<>();

	private volatile boolean closed;

	private boolean capReported;

	SessionLiveness(FastFailover options, String instanceId, Duration leaseDuration, Listener listener) {
		this.options = options;
		this.listener = listener;
		this.session = new LivenessSession(options, instanceId, leaseDuration, listener::lost);
	}

	@Override
	public boolean isHeld() {
		return this.session.isHeld();
	}

	@Override
	public void watchOnly(Set<String> instances) {
		List<InstanceWaiter> stale = new ArrayList<>();
		synchronized (this.waiters) {
			if (this.closed) {
				return;
			}
			this.waiters.values().removeIf((waiter) -> {
				boolean unwatched = !instances.contains(waiter.instanceId());
				if (unwatched) {
					stale.add(waiter);
				}
				return unwatched;
			});
			for (String instance : instances) {
				if (this.waiters.containsKey(instance)) {
					continue;
				}
				if (this.waiters.size() >= this.options.maxWaiters()) {
					if (!this.capReported) {
						this.capReported = true;
						logger.info("Fast failover waits on at most " + this.options.maxWaiters()
								+ " leader instances at once; the leases of the others are waited out");
					}
					break;
				}
				this.waiters.put(instance, new InstanceWaiter(this.options, instance, this::ended, this::finished));
			}
		}
		stale.forEach(InstanceWaiter::close);
	}

	private void ended(String instanceId) {
		if (!this.closed) {
			this.listener.ended(instanceId);
		}
	}

	/**
	 * A failed wait is forgotten, so that the next read waits again; an ended or unproven
	 * one is kept while its instance is followed, so that it is not repeated.
	 */
	private void finished(InstanceWaiter waiter) {
		if (waiter.outcome() == InstanceWaiter.Outcome.FAILED) {
			synchronized (this.waiters) {
				this.waiters.remove(waiter.instanceId(), waiter);
			}
		}
	}

	@Override
	public void close() {
		List<InstanceWaiter> all;
		synchronized (this.waiters) {
			this.closed = true;
			all = new ArrayList<>(this.waiters.values());
			this.waiters.clear();
		}
		all.forEach(InstanceWaiter::close);
		this.session.close();
	}

	/**
	 * Refuse at once a database without liveness locks or a proxy that makes them mean
	 * nothing, when the database answers; otherwise the liveness session checks when it
	 * connects.
	 */
	static void checkSessions(FastFailover options, String instanceId) {
		try (Connection probe = options.sessions().getConnection()) {
			probe.setAutoCommit(true);
			LivenessLocks locks = LivenessLocks.of(probe);
			locks.checkPath(probe);
			String probeInstance = "probe/" + instanceId;
			if (locks.holdOwn(probe, probeInstance)) {
				locks.requireOneSession(probe, probeInstance);
			}
		}
		catch (SQLException ex) {
			// Not reachable yet: checked when the liveness session connects.
		}
	}

}
