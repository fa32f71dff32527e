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

import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

import dev.leader.engine.BeliefDeadline;

/**
 * The coordinator's own timer, independent of ZooKeeper's event thread and of listeners:
 * <ul>
 * <li>while the node leads a group, it sends a cheap request (an {@code exists} of the
 * root) every tenth of the session timeout and records its send time in the
 * {@link BeliefDeadline} when the answer arrives;</li>
 * <li>it steps the node down from every group whose session deadline passed, at that
 * deadline;</li>
 * <li>once per session timeout, it lets every election look at its participants (two
 * processes configured with one node id).</li>
 * </ul>
 * Probes are synchronous calls on a thread of their own (the probe thread): ZooKeeper's
 * client hands their answers over on its I/O thread, while asynchronous callbacks and
 * watches wait for the event thread, which a slow watcher on a shared client can block.
 * Participant scans and other follow-up work run on a third thread, so that they never
 * delay a probe. The timer thread never waits for ZooKeeper.
 *
 * @author leader-spring-boot-starter
 */
final class SessionWatchdog {

	private static final Log logger = LogFactory.getLog(SessionWatchdog.class);

	private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final CuratorFramework client;

	private final String probePath;

	private final BeliefDeadline deadline;

	private final Supplier<Collection<ZookeeperElection>> elections;

	private final ScheduledExecutorService timer;

	private final ExecutorService prober;

	private final ExecutorService worker;

	private final AtomicBoolean probing = new AtomicBoolean();

	private final AtomicBoolean scanning = new AtomicBoolean();

	/** The last negotiated session timeout seen; until then, twice the connection's. */
	private volatile long sessionTimeoutMillis;

	private long lastScanNanos;

	/**
	 * A watchdog (not started yet).
	 * @param client the Curator client
	 * @param probePath the path to probe, with the client's namespace applied
	 * @param deadline the deadline to feed
	 * @param elections the elections to check
	 * @param name the prefix of the threads' names
	 */
	SessionWatchdog(CuratorFramework client, String probePath, BeliefDeadline deadline,
			Supplier<Collection<ZookeeperElection>> elections, String name) {
		this.client = client;
		this.probePath = probePath;
		this.deadline = deadline;
		this.elections = elections;
		this.sessionTimeoutMillis = Math.max(1000, 2L * client.getZookeeperClient().getConnectionTimeoutMs());
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, name + "-timer"));
		this.prober = Executors.newSingleThreadExecutor((task) -> daemon(task, name + "-probe"));
		this.worker = Executors.newSingleThreadExecutor((task) -> daemon(task, name + "-worker"));
	}

	void start() {
		this.lastScanNanos = this.deadline.now();
		schedule(this::tick, 0);
	}

	boolean isStopped() {
		return this.timer.isShutdown();
	}

	void stop() {
		this.timer.shutdownNow();
		this.prober.shutdownNow();
		this.worker.shutdownNow();
	}

	/**
	 * The session timeout ZooKeeper negotiated (seen in a grant or a probe).
	 * @param millis the timeout
	 */
	void sessionTimeout(long millis) {
		if (millis > 0) {
			this.sessionTimeoutMillis = millis;
		}
	}

	/**
	 * Run follow-up work that talks to ZooKeeper (after a znode of a grant vanished) on
	 * the worker thread: never on ZooKeeper's event thread, and never in the way of
	 * probes.
	 * @param task the work
	 */
	void execute(Runnable task) {
		execute(this.worker, task);
	}

	private static void execute(ExecutorService executor, Runnable task) {
		try {
			executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Coordinator stopped; skipping " + task);
		}
	}

	private void tick() {
		long interval = Math.max(MIN_TICK_NANOS, TimeUnit.MILLISECONDS.toNanos(this.sessionTimeoutMillis) / 10);
		try {
			long earliest = checkDeadlines();
			if (earliest != Long.MAX_VALUE) {
				probe();
				if (earliest < interval) {
					// Step down at the deadline itself, not at the next tick.
					schedule(this::checkDeadlines, Math.max(0, earliest));
				}
			}
			long now = this.deadline.now();
			if (now - this.lastScanNanos >= TimeUnit.MILLISECONDS.toNanos(this.sessionTimeoutMillis)) {
				this.lastScanNanos = now;
				scanParticipants();
			}
		}
		catch (RuntimeException ex) {
			logger.error("Leadership watchdog failed; it goes on", ex);
		}
		finally {
			schedule(this::tick, interval);
		}
	}

	/**
	 * Step down from every group whose deadline passed.
	 * @return the nanoseconds left until the earliest deadline of a group still led, or
	 * {@link Long#MAX_VALUE} when none is led
	 */
	private long checkDeadlines() {
		long earliest = Long.MAX_VALUE;
		for (ZookeeperElection election : this.elections.get()) {
			earliest = Math.min(earliest, election.checkDeadline());
		}
		return earliest;
	}

	private void probe() {
		if (!this.probing.compareAndSet(false, true)) {
			// The previous probe still waits: its answer (or the connection's loss) comes
			// first.
			return;
		}
		execute(this.prober, () -> {
			try {
				sendProbe();
			}
			finally {
				this.probing.set(false);
			}
		});
	}

	private void sendProbe() {
		long session = 0;
		try {
			ZooKeeper zookeeper = this.client.getZookeeperClient().getZooKeeper();
			session = zookeeper.getSessionId();
			int timeout = zookeeper.getSessionTimeout();
			long sent = this.deadline.now();
			zookeeper.exists(this.probePath, false);
			this.deadline.answered(session, sent, ZookeeperProtocol.beliefValidity(timeout));
			sessionTimeout(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (KeeperException.SessionExpiredException ex) {
			// The client's I/O thread knows it already; the event thread may not have
			// told
			// Curator yet.
			this.deadline.end(session);
		}
		catch (KeeperException ex) {
			// No answer (connection lost): the deadline runs on.
			logger.debug("ZooKeeper did not answer the leadership probe: " + ex);
		}
		catch (Exception ex) {
			logger.debug("Could not send the leadership probe: " + ex);
		}
	}

	private void scanParticipants() {
		if (!this.scanning.compareAndSet(false, true)) {
			return;
		}
		execute(() -> {
			try {
				this.elections.get().forEach(ZookeeperElection::checkParticipants);
			}
			finally {
				this.scanning.set(false);
			}
		});
	}

	private void schedule(Runnable task, long delayNanos) {
		try {
			this.timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Stopped.
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
