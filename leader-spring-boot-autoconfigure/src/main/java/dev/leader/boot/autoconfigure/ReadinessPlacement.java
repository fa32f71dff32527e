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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 * Hands this node's groups over while it is not ready: when its readiness changes to
 * {@link ReadinessState#REFUSING_TRAFFIC} after the application is ready, every group it
 * campaigns for (and did not drain otherwise) is drained; when it accepts traffic again,
 * they are resumed. A group that no other node takes over within the handover timeout is
 * resumed at once, so that a cluster whose nodes are all unready keeps its leaders.
 * Readiness before {@link ApplicationReadyEvent} and during shutdown does not count, and
 * readiness must stay refusing for a delay first: a brief flap moves nothing, nor does
 * the start of a shutdown, which a web application's context announces as refusing
 * traffic just before it closes. The work runs on a thread of its own: a drain waits for
 * running leader-only calls.
 *
 * @author leader-spring-boot-starter
 */
final class ReadinessPlacement implements SmartApplicationListener, DisposableBean {

	private static final Log logger = LogFactory.getLog(ReadinessPlacement.class);

	private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final LeaderCoordinator coordinator;

	private final Duration delay;

	private final Duration handoverTimeout;

	private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "leader-readiness");
		thread.setDaemon(true);
		return thread;
	});

	/** Bumped by every readiness change: a pending hand-over of an older one is void. */
	private final AtomicLong changes = new AtomicLong();

	/** Groups this class drained; only those are resumed when the node is ready. */
	private final Set<String> drainedHere = new LinkedHashSet<>();

	private volatile boolean armed;

	ReadinessPlacement(LeaderCoordinator coordinator, Duration delay, Duration handoverTimeout) {
		this.coordinator = coordinator;
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
		}
		else if (event instanceof ContextClosedEvent) {
			this.armed = false;
			this.changes.incrementAndGet();
		}
		else if (this.armed && event instanceof AvailabilityChangeEvent<?> change
				&& change.getState() instanceof ReadinessState readiness) {
			long current = this.changes.incrementAndGet();
			if (readiness == ReadinessState.REFUSING_TRAFFIC) {
				this.worker.schedule(() -> handOver(current), this.delay.toNanos(), TimeUnit.NANOSECONDS);
			}
			else {
				this.worker.execute(this::resume);
			}
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
			logger.info("Node " + this.coordinator.nodeId() + " is not ready: handed over groups " + drained);
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
						+ " campaigns for it again although it is not ready, rather than leave it without a leader");
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
			logger.info("Node " + this.coordinator.nodeId() + " is ready again: campaigns for groups " + resumed);
		}
	}

	@Override
	public void destroy() {
		this.armed = false;
		this.worker.shutdownNow();
	}

}
