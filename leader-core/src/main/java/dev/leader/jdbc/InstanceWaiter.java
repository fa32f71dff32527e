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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A follower's wait on one leader instance's liveness session, on a dedicated connection
 * of its own: first the instance's lock must be seen held, without taking it (the
 * instance's session is alive); then a blocking wait for it ({@code pg_advisory_lock},
 * {@code GET_LOCK}), which costs no statement while it waits and returns once that
 * session ended. After the grace, the listener hears that the instance ended, and the
 * lock is released. A lock found free at first proves nothing (the session may have ended
 * before, or the server restarted): the waiter then ends {@link Outcome#UNPROVEN}, and
 * the leases of that instance are waited out.
 *
 * @author leader-spring-boot-starter
 */
final class InstanceWaiter {

	private static final Log logger = LogFactory.getLog(InstanceWaiter.class);

	private static final AtomicInteger threads = new AtomicInteger();

	private final FastFailover options;

	private final String instanceId;

	private final Consumer<String> ended;

	private final Consumer<InstanceWaiter> finished;

	private final Object monitor = new Object();

	private final Thread thread;

	private volatile boolean closed;

	private volatile @Nullable Outcome outcome;

	/** The waiting connection; guarded by {@link #monitor}. */
	private @Nullable Connection connection;

	/**
	 * How a wait ended.
	 */
	enum Outcome {

		/** The instance's session was seen held, then ended. */
		ENDED,

		/** The lock was free at first: nothing proven. */
		UNPROVEN,

		/** The waiting connection failed; waiting again may prove something. */
		FAILED

	}

	InstanceWaiter(FastFailover options, String instanceId, Consumer<String> ended, Consumer<InstanceWaiter> finished) {
		this.options = options;
		this.instanceId = instanceId;
		this.ended = ended;
		this.finished = finished;
		this.thread = new Thread(this::run, "leader-liveness-wait-" + threads.incrementAndGet());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	String instanceId() {
		return this.instanceId;
	}

	@Nullable Outcome outcome() {
		return this.outcome;
	}

	/**
	 * Stop waiting: the waiting connection is aborted, which ends its session.
	 */
	void close() {
		this.closed = true;
		synchronized (this.monitor) {
			LivenessSession.abort(this.connection);
		}
		this.thread.interrupt();
	}

	private void run() {
		Outcome result = Outcome.FAILED;
		try (Connection waiting = this.options.sessions().getConnection()) {
			if (!keep(waiting)) {
				return;
			}
			waiting.setAutoCommit(true);
			LivenessLocks locks = LivenessLocks.of(waiting);
			locks.configureWaiting(waiting);
			if (!locks.isHeld(waiting, this.instanceId)) {
				logger
					.debug("Liveness lock of instance " + this.instanceId + " is not held: its leases are waited out");
				result = Outcome.UNPROVEN;
				return;
			}
			while (!locks.lock(waiting, this.instanceId)) {
				if (this.closed) {
					return;
				}
			}
			if (this.closed) {
				return;
			}
			if (logger.isDebugEnabled()) {
				logger.debug("Liveness session of instance " + this.instanceId + " ended (its lock obtained): grace of "
						+ this.options.grace().toMillis() + " ms before the takeover");
			}
			TimeUnit.NANOSECONDS.sleep(this.options.grace().toNanos());
			if (this.closed) {
				return;
			}
			result = Outcome.ENDED;
			this.ended.accept(this.instanceId);
			locks.unlock(waiting, this.instanceId);
		}
		catch (SQLException | RuntimeException ex) {
			if (!this.closed) {
				logger.debug("Wait on the liveness session of instance " + this.instanceId + " failed: " + ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			synchronized (this.monitor) {
				this.connection = null;
			}
			this.outcome = result;
			if (!this.closed) {
				this.finished.accept(this);
			}
		}
	}

	private boolean keep(Connection waiting) {
		synchronized (this.monitor) {
			if (this.closed) {
				return false;
			}
			this.connection = waiting;
			return true;
		}
	}

}
