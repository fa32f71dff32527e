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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderConfigurationException;

/**
 * One instance's liveness session: a dedicated connection (never a pooled one) that holds
 * the lock named after the instance for the instance's whole life. A daemon thread sets
 * it up (retrying until the database answers), then waits for its end the database's way
 * ({@link LivenessLocks#awaitLoss}: PostgreSQL pushes it to a {@code LISTEN}ing
 * connection, MariaDB/MySQL to a second connection waiting for a lock of the session).
 * Once the lock was held, the loss of the session is final: the listener hears of it and
 * the session is never opened again (a new session is a new instance).
 *
 * @author leader-spring-boot-starter
 */
final class LivenessSession {

	private static final Log logger = LogFactory.getLog(LivenessSession.class);

	private static final AtomicInteger threads = new AtomicInteger();

	private final FastFailover options;

	private final String instanceId;

	private final Duration leaseDuration;

	private final Consumer<String> lost;

	private final Object monitor = new Object();

	private final Thread thread;

	private volatile boolean held;

	private volatile boolean closed;

	/**
	 * The session's connections (the session, and a watcher on some databases); guarded
	 * by {@link #monitor}.
	 */
	private final List<Connection> connections = new ArrayList<>();

	LivenessSession(FastFailover options, String instanceId, Duration leaseDuration, Consumer<String> lost) {
		this.options = options;
		this.instanceId = instanceId;
		this.leaseDuration = leaseDuration;
		this.lost = lost;
		this.thread = new Thread(this::run, "leader-liveness-" + threads.incrementAndGet());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	boolean isHeld() {
		return this.held;
	}

	/**
	 * End the session, which releases the lock; the listener is not told.
	 */
	void close() {
		this.closed = true;
		this.held = false;
		List<Connection> open;
		synchronized (this.monitor) {
			open = new ArrayList<>(this.connections);
		}
		open.forEach(LivenessSession::abort);
		this.thread.interrupt();
	}

	private void run() {
		long retry = Math.max(100, this.leaseDuration.toMillis() / 10);
		LivenessLocks.Watch watch = new Watch();
		while (!this.closed) {
			String failure;
			try (Connection session = watch.open()) {
				LivenessLocks locks = setUp(session);
				this.held = true;
				if (this.closed) {
					return;
				}
				logger.debug("Instance " + this.instanceId + " holds its liveness session");
				locks.awaitLoss(session, this.instanceId, this.leaseDuration, watch);
				failure = "session closed";
			}
			catch (LeaderConfigurationException ex) {
				logger.error("Fast failover cannot work for instance " + this.instanceId + ": " + ex.getMessage());
				return;
			}
			catch (SQLException | RuntimeException ex) {
				failure = String.valueOf(ex.getMessage());
			}
			finally {
				List<Connection> open;
				synchronized (this.monitor) {
					open = new ArrayList<>(this.connections);
					this.connections.clear();
				}
				open.forEach(LivenessSession::abort);
			}
			if (this.closed) {
				return;
			}
			if (this.held) {
				this.held = false;
				this.lost.accept(failure);
				return;
			}
			logger.debug("Instance " + this.instanceId + " could not open its liveness session yet: " + failure);
			if (!watch.pause(Duration.ofMillis(retry))) {
				return;
			}
		}
	}

	private LivenessLocks setUp(Connection session) throws SQLException {
		session.setAutoCommit(true);
		LivenessLocks locks = LivenessLocks.of(session);
		locks.configure(session, this.leaseDuration);
		if (!locks.holdOwn(session, this.instanceId)) {
			throw new SQLException("the liveness lock of instance " + this.instanceId + " is held by another session");
		}
		locks.requireOneSession(session, this.instanceId);
		return locks;
	}

	static void abort(@Nullable Connection connection) {
		if (connection != null) {
			try {
				connection.abort(Runnable::run);
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Could not abort a fast-failover session", ex);
			}
		}
	}

	/**
	 * The session's connections, all aborted when it is closed.
	 */
	private final class Watch implements LivenessLocks.Watch {

		@Override
		public boolean isClosed() {
			return LivenessSession.this.closed;
		}

		@Override
		public Connection open() throws SQLException {
			Connection connection = LivenessSession.this.options.sessions().getConnection();
			synchronized (LivenessSession.this.monitor) {
				if (!LivenessSession.this.closed) {
					LivenessSession.this.connections.add(connection);
					return connection;
				}
			}
			abort(connection);
			throw new SQLException("the liveness session was closed");
		}

		@Override
		public boolean pause(Duration pause) {
			try {
				Thread.sleep(pause.toMillis());
				return !LivenessSession.this.closed;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

	}

}
