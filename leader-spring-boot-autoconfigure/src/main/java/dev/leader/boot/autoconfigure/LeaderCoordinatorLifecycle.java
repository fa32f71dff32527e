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
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;

import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.aop.RunningLeaderJobs;

/**
 * Starts campaigning once the context is refreshed, for the groups named by
 * {@code @LeaderOnly} methods and {@code leader.groups}. On shutdown it stops starting
 * leader-only work, waits (up to {@code leader.shutdown-timeout}) for running calls,
 * interrupts what is left and then stops the coordinator, which releases the leases.
 * <p>
 * It has a phase of its own, {@link #PHASE}: it stops after the task scheduler (so no new
 * tick arrives meanwhile) and before the web server's graceful shutdown, so that a
 * follower takes over while the web server drains. It stops asynchronously, so that
 * Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} bounds it. A stopped
 * context can be started again (Spring pauses and restarts cached test contexts): the
 * coordinator then campaigns again as a new instance.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaderCoordinatorLifecycle implements SmartLifecycle, ApplicationListener<LeadershipRevokedEvent> {

	/**
	 * Before the task scheduler (which uses the default phase) starts, after it stops;
	 * stopped before Spring Boot's graceful web server shutdown
	 * ({@code DEFAULT_PHASE - 1024}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private static final Log logger = LogFactory.getLog(LeaderCoordinatorLifecycle.class);

	private final LeaderCoordinator coordinator;

	private final Set<String> groups;

	private final RunningLeaderJobs running;

	private final Duration shutdownTimeout;

	private volatile boolean started;

	public LeaderCoordinatorLifecycle(LeaderCoordinator coordinator, Set<String> groups, RunningLeaderJobs running,
			Duration shutdownTimeout) {
		this.coordinator = coordinator;
		this.groups = new LinkedHashSet<>(groups);
		this.running = running;
		this.shutdownTimeout = shutdownTimeout;
	}

	@Override
	public void start() {
		this.running.resume();
		this.groups.forEach(this.coordinator::campaign);
		if (this.coordinator instanceof Lifecycle lifecycle) {
			lifecycle.start();
		}
		this.started = true;
	}

	/**
	 * Stop on a thread of its own and tell Spring when done, so that the phase timeout
	 * applies and the closing thread is not held.
	 */
	@Override
	public void stop(Runnable callback) {
		this.started = false;
		Thread stopping = new Thread(() -> {
			try {
				stopNow();
			}
			finally {
				callback.run();
			}
		}, "leader-shutdown");
		stopping.start();
	}

	@Override
	public void stop() {
		stopNow();
	}

	private void stopNow() {
		this.started = false;
		if (!this.running.shutdown(this.shutdownTimeout)) {
			logger.warn("Leader-only calls of groups " + this.running.activeGroups() + " still ran after "
					+ this.shutdownTimeout.toMillis() + " ms and were interrupted");
		}
		if (this.coordinator instanceof Lifecycle lifecycle) {
			lifecycle.stop();
		}
	}

	@Override
	public boolean isRunning() {
		return this.started;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Interrupts a group's running calls when the coordinator reports the loss of a
	 * lease, for coordinators that cannot do so from their own thread: the ones of this
	 * starter already did, at the step-down, and interrupting again is harmless. Nothing
	 * is interrupted once the node leads the group again, so a late event never hits the
	 * calls of a newer lease.
	 */
	@Override
	public void onApplicationEvent(LeadershipRevokedEvent event) {
		if (event.getSource() == this.coordinator && !this.coordinator.isLeader(event.getGroup())) {
			interruptLostWork(this.running, event.getGroup(), event.getReason());
		}
	}

	/**
	 * Interrupt a group's running leader-only calls after its lease was lost (not after a
	 * yield or shutdown, which drain instead).
	 * @param running the running calls
	 * @param group the group
	 * @param reason why leadership ended
	 */
	static void interruptLostWork(RunningLeaderJobs running, String group, RevocationReason reason) {
		if (reason == RevocationReason.LEASE_LOST || reason == RevocationReason.STORE_UNREACHABLE) {
			int interrupted = running.interrupt(group);
			if (interrupted > 0) {
				logger.warn("Interrupted " + interrupted + " leader-only call(s) of group '" + group
						+ "' after leadership ended: " + reason);
			}
		}
	}

	/**
	 * The groups this node campaigns for at start.
	 * @return group names
	 */
	public Set<String> getGroups() {
		return Set.copyOf(this.groups);
	}

}
