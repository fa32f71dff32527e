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
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderConfigurationException;

/**
 * One instance's liveness session on PostgreSQL: a dedicated connection (never a pooled
 * one) that holds the advisory lock named after the instance for the instance's whole
 * life. A daemon thread sets it up (retrying until the database answers), then
 * {@code LISTEN}s on it and waits for notifications, which the driver ends with an error
 * as soon as the server closes the session; a silent connection is checked once a lease.
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

	private final long key;

	private final Duration leaseDuration;

	private final Consumer<String> lost;

	private final Object monitor = new Object();

	private final Thread thread;

	private volatile boolean held;

	private volatile boolean closed;

	/** The session's connection; guarded by {@link #monitor}. */
	private @Nullable Connection connection;

	LivenessSession(FastFailover options, String instanceId, Duration leaseDuration, Consumer<String> lost) {
		this.options = options;
		this.instanceId = instanceId;
		this.key = LivenessLocks.key(instanceId);
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
		synchronized (this.monitor) {
			abort(this.connection);
		}
		this.thread.interrupt();
	}

	private void run() {
		long retry = Math.max(100, this.leaseDuration.toMillis() / 10);
		while (!this.closed) {
			String failure;
			try (Connection session = this.options.sessions().getConnection()) {
				if (!keep(session)) {
					return;
				}
				setUp(session);
				this.held = true;
				if (this.closed) {
					return;
				}
				logger.debug("Instance " + this.instanceId + " holds its liveness session");
				listen(session);
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
				synchronized (this.monitor) {
					this.connection = null;
				}
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
			if (!pause(retry)) {
				return;
			}
		}
	}

	private void setUp(Connection session) throws SQLException {
		session.setAutoCommit(true);
		LivenessLocks.requirePostgresql(session);
		if (!PostgresNotifications.isSupported(session)) {
			throw new LeaderConfigurationException(
					"leader.jdbc.fast-failover needs the PostgreSQL JDBC driver (org.postgresql)");
		}
		LivenessLocks.configure(session, this.leaseDuration);
		if (!LivenessLocks.tryLock(session, this.key)) {
			throw new SQLException("the liveness lock of instance " + this.instanceId + " is held by another session");
		}
		LivenessLocks.requireOneSession(session, this.key);
		try (Statement statement = session.createStatement()) {
			statement.execute("LISTEN " + LivenessLocks.CHANNEL);
		}
	}

	/**
	 * Wait for the session to end: the driver throws as soon as the server closes it.
	 * Once a lease, a round trip proves a silent connection alive.
	 */
	private void listen(Connection session) throws SQLException {
		long checkNanos = this.leaseDuration.toNanos();
		int checkSeconds = (int) Math.max(1, this.leaseDuration.toSeconds());
		int pollMillis = (int) Math.max(1, Math.min(1000, this.leaseDuration.toMillis() / 2));
		long checked = System.nanoTime();
		while (!this.closed) {
			PostgresNotifications.poll(session, pollMillis);
			if (System.nanoTime() - checked > checkNanos) {
				if (!session.isValid(checkSeconds)) {
					throw new SQLException("the liveness session no longer answers");
				}
				checked = System.nanoTime();
			}
		}
	}

	private boolean keep(Connection session) {
		synchronized (this.monitor) {
			if (this.closed) {
				return false;
			}
			this.connection = session;
			return true;
		}
	}

	private boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
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

}
