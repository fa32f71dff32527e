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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.SmartApplicationListener;

import dev.leader.LeaderCoordinator;
import dev.leader.Lease;

/**
 * Hands this node's groups over while it is unfit to lead: while its readiness is
 * {@link ReadinessState#REFUSING_TRAFFIC} or the health group named by
 * {@code leader.placement.health-group} is not up, every group it campaigns for (and did
 * not drain otherwise) is drained; when it is ready and healthy again, they are resumed.
 * Both triggers feed one engine: either keeps the node out until both are fine. A group
 * that no other node takes over within the handover timeout is resumed at once, so that a
 * cluster whose nodes are all unfit keeps its leaders. Readiness before
 * {@link ApplicationReadyEvent} and during shutdown does not count (the health group is
 * checked only in between), and the node must stay unfit for a delay first: a brief flap
 * moves nothing, nor does the start of a shutdown, which a web application's context
 * announces as refusing traffic just before it closes. The work runs on a thread of its
 * own: a drain waits for running leader-only calls; health checks run on another.
 *
 * @author leader-spring-boot-starter
 */
final class ReadinessPlacement implements SmartApplicationListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(ReadinessPlacement.class);

	private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final String READINESS = "readiness";

	private static final String HEALTH = "health";

	private final LeaderCoordinator coordinator;

	private final boolean followReadiness;

	private final @Nullable HealthGroupStatus healthGroup;

	private final Duration healthCheckInterval;

	private final Duration delay;

	private final Duration handoverTimeout;

	private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "leader-readiness");
		thread.setDaemon(true);
		return thread;
	});

	private final ScheduledExecutorService healthChecks = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "leader-health-group");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Bumped when the node turns unfit or fit: a pending hand-over of an older one is
	 * void.
	 */
	private final AtomicLong changes = new AtomicLong();

	/** Why this node is unfit, by trigger; empty while it is fit. Guarded by itself. */
	private final Map<String, String> unfit = new LinkedHashMap<>();

	/** Groups this class drained; only those are resumed when the node is fit. */
	private final Set<String> drainedHere = new LinkedHashSet<>();

	private volatile boolean armed;

	private @Nullable ScheduledFuture<?> healthCheck;

	/**
	 * Create the engine.
	 * @param coordinator the coordinator whose groups move
	 * @param followReadiness whether readiness refusing traffic makes the node unfit
	 * @param healthGroup the status of the health group that makes the node unfit while
	 * not up, or {@code null}
	 * @param healthCheckInterval how often the health group is checked
	 * @param delay how long the node must stay unfit before it hands its groups over
	 * @param handoverTimeout how long it waits for another node to take a group over
	 */
	ReadinessPlacement(LeaderCoordinator coordinator, boolean followReadiness, @Nullable HealthGroupStatus healthGroup,
			Duration healthCheckInterval, Duration delay, Duration handoverTimeout) {
		this.coordinator = coordinator;
		this.followReadiness = followReadiness;
		this.healthGroup = healthGroup;
		this.healthCheckInterval = healthCheckInterval;
		this.delay = delay;
		this.handoverTimeout = handoverTimeout;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return AvailabilityChangeEvent.class.isAssignableFrom(eventType)
				|| ApplicationReadyEvent.class.isAssignableFrom(eventType)
				|| ContextClosedEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent) {
			this.armed = true;
			startHealthChecks();
		}
		else if (event instanceof ContextClosedEvent) {
			synchronized (this.unfit) {
				this.armed = false;
				this.changes.incrementAndGet();
				this.unfit.clear();
				stopHealthChecks();
			}
		}
		else if (this.followReadiness && event instanceof AvailabilityChangeEvent<?> change
				&& change.getState() instanceof ReadinessState readiness) {
			report(READINESS, (readiness == ReadinessState.REFUSING_TRAFFIC) ? "readiness is " + readiness : null);
		}
	}

	private void startHealthChecks() {
		HealthGroupStatus group = this.healthGroup;
		if (group == null) {
			return;
		}
		synchronized (this.unfit) {
			if (this.healthCheck == null && this.armed) {
				this.healthCheck = this.healthChecks.scheduleWithFixedDelay(() -> checkHealth(group), 0,
						this.healthCheckInterval.toNanos(), TimeUnit.NANOSECONDS);
			}
		}
	}

	private void stopHealthChecks() {
		ScheduledFuture<?> check = this.healthCheck;
		if (check != null) {
			check.cancel(false);
			this.healthCheck = null;
		}
	}

	private void checkHealth(HealthGroupStatus group) {
		if (!this.armed) {
			return;
		}
		try {
			report(HEALTH,
					group.unfitStatus()
						.map((status) -> "health group '" + group.name() + "' is " + status)
						.orElse(null));
		}
		catch (RuntimeException ex) {
			// The health endpoint turns an indicator's failure into DOWN itself: what
			// is left is a failure of the check, which changes nothing.
			logger.warn("Could not check health group '" + group.name() + "'", ex);
		}
	}

	/**
	 * Record whether one trigger finds this node unfit; a change from fit to unfit
	 * schedules the hand-over after the delay, one from unfit to fit resumes at once.
	 */
	private void report(String trigger, @Nullable String unfitBecause) {
		synchronized (this.unfit) {
			if (!this.armed) {
				return;
			}
			boolean wasFit = this.unfit.isEmpty();
			if (unfitBecause != null) {
				this.unfit.put(trigger, unfitBecause);
			}
			else {
				this.unfit.remove(trigger);
			}
			boolean fit = this.unfit.isEmpty();
			if (fit == wasFit) {
				return;
			}
			long current = this.changes.incrementAndGet();
			if (!fit) {
				this.worker.schedule(() -> handOver(current), this.delay.toNanos(), TimeUnit.NANOSECONDS);
			}
			else {
				this.worker.execute(this::resume);
			}
		}
	}

	private String unfitReasons() {
		synchronized (this.unfit) {
			return String.join(", ", this.unfit.values());
		}
	}

	private boolean isCurrent(long change) {
		return this.armed && this.changes.get() == change;
	}

	private void handOver(long change) {
		if (!isCurrent(change)) {
			return;
		}
		Set<String> drained = new LinkedHashSet<>();
		for (String group : this.coordinator.groups()) {
			if (this.coordinator.drain(group)) {
				drained.add(group);
			}
		}
		synchronized (this.drainedHere) {
			this.drainedHere.addAll(drained);
		}
		if (!drained.isEmpty()) {
			logger.info("Node " + this.coordinator.nodeId() + " is not fit to lead (" + unfitReasons()
					+ "): handed over groups " + drained);
			awaitTakeover(change, drained, System.nanoTime() + this.handoverTimeout.toNanos());
		}
	}

	/**
	 * Check every 100 ms, on the worker thread, that another node took the groups over;
	 * campaign again for those nobody took by the deadline.
	 */
	private void awaitTakeover(long change, Set<String> waiting, long deadline) {
		if (!isCurrent(change)) {
			return;
		}
		waiting.removeIf(this::heldElsewhere);
		if (waiting.isEmpty()) {
			return;
		}
		if (System.nanoTime() - deadline < 0) {
			this.worker.schedule(() -> awaitTakeover(change, waiting, deadline), CHECK_NANOS, TimeUnit.NANOSECONDS);
			return;
		}
		for (String group : waiting) {
			if (this.coordinator.resume(group)) {
				synchronized (this.drainedHere) {
					this.drainedHere.remove(group);
				}
				logger.warn("No other node took over group '" + group + "' within " + this.handoverTimeout.toMillis()
						+ " ms: node " + this.coordinator.nodeId()
						+ " campaigns for it again although it is not fit to lead, rather than leave it without a leader");
			}
		}
	}

	private boolean heldElsewhere(String group) {
		try {
			return this.coordinator.lease(group)
				.flatMap(Lease::activeHolder)
				.filter((holder) -> !holder.equals(this.coordinator.instanceId()))
				.isPresent();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private void resume() {
		Set<String> resumed;
		synchronized (this.drainedHere) {
			resumed = new LinkedHashSet<>(this.drainedHere);
			this.drainedHere.clear();
		}
		resumed.forEach(this.coordinator::resume);
		if (!resumed.isEmpty()) {
			logger.info("Node " + this.coordinator.nodeId() + " is fit to lead again: campaigns for groups " + resumed);
		}
	}

	@Override
	public void destroy() {
		this.armed = false;
		this.healthChecks.shutdownNow();
		this.worker.shutdownNow();
	}

}
