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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.lease.ReleaseWatch;

/**
 * Watches the releases of one lease table's leases: on PostgreSQL, a daemon thread holds
 * one connection of the pool, {@code LISTEN}s on the release channel and tells the
 * listener of each release of this table; it checks the connection every
 * {@value #CHECK_SECONDS} s (one round trip) so that a connection dropped silently (for
 * example by a firewall) is noticed, and connects again after a failure. On other
 * databases it ends at once and never watches.
 *
 * @author leader-spring-boot-starter
 */
final class JdbcReleaseWatch implements ReleaseWatch {

	static final int CHECK_SECONDS = 30;

	private static final long RECONNECT_MILLIS = 1000;

	private static final Log logger = LogFactory.getLog(JdbcReleaseWatch.class);

	private static final AtomicInteger threads = new AtomicInteger();

	private final DataSource dataSource;

	private final String table;

	private final DialectLookup dialects;

	private final Listener listener;

	private final Thread thread;

	private final Object monitor = new Object();

	private volatile boolean watching;

	private volatile boolean closed;

	/** The listening connection; guarded by {@link #monitor}. */
	private @Nullable Connection connection;

	JdbcReleaseWatch(DataSource dataSource, String table, DialectLookup dialects, Listener listener) {
		this.dataSource = dataSource;
		this.table = table;
		this.dialects = dialects;
		this.listener = listener;
		this.thread = new Thread(this::run, "leader-release-watch-" + threads.incrementAndGet());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public boolean isWatching() {
		return this.watching;
	}

	@Override
	public void close() {
		this.closed = true;
		synchronized (this.monitor) {
			if (this.connection != null) {
				try {
					this.connection.abort(Runnable::run);
				}
				catch (SQLException | RuntimeException ex) {
					logger.debug("Could not abort the release watch's connection", ex);
				}
			}
		}
		this.thread.interrupt();
	}

	private void run() {
		while (!this.closed) {
			try (Connection listening = this.dataSource.getConnection()) {
				if (!hold(listening)) {
					return;
				}
				if (this.dialects.dialect(listening) != JdbcLeaseDialect.POSTGRESQL) {
					return;
				}
				if (!notificationsSupported(listening)) {
					logger.info("Release notifications need the PostgreSQL JDBC driver (org.postgresql); followers "
							+ "poll instead");
					return;
				}
				listening.setAutoCommit(true);
				try (Statement statement = listening.createStatement()) {
					statement.execute("LISTEN " + LeaseTable.Statements.RELEASE_CHANNEL);
				}
				changed(true);
				listen(listening);
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.closed) {
					logger.debug("Release watch on table '" + this.table + "' lost its connection; retrying: " + ex);
				}
			}
			finally {
				release();
				changed(false);
			}
			pause();
		}
	}

	private static boolean notificationsSupported(Connection connection) {
		try {
			return PostgresNotifications.isSupported(connection);
		}
		catch (LinkageError ex) {
			return false;
		}
	}

	private void listen(Connection listening) throws SQLException {
		String prefix = this.table + "/";
		long checked = System.nanoTime();
		while (!this.closed) {
			for (String payload : PostgresNotifications.poll(listening, (int) RECONNECT_MILLIS)) {
				if (payload.startsWith(prefix)) {
					this.listener.released(payload.substring(prefix.length()));
				}
			}
			if (System.nanoTime() - checked > TimeUnit.SECONDS.toNanos(CHECK_SECONDS)) {
				if (!listening.isValid(CHECK_SECONDS)) {
					throw new SQLException("the listening connection is no longer valid");
				}
				checked = System.nanoTime();
			}
		}
	}

	private boolean hold(Connection listening) {
		synchronized (this.monitor) {
			if (this.closed) {
				return false;
			}
			this.connection = listening;
			return true;
		}
	}

	private void release() {
		synchronized (this.monitor) {
			this.connection = null;
		}
	}

	private void changed(boolean watching) {
		if (this.watching != watching) {
			this.watching = watching;
			try {
				this.listener.watching(watching);
			}
			catch (RuntimeException ex) {
				logger.error("Release watch listener failed", ex);
			}
		}
	}

	private void pause() {
		try {
			Thread.sleep(RECONNECT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.closed = true;
		}
	}

	/** Finds the dialect of a connection's database. */
	@FunctionalInterface
	interface DialectLookup {

		JdbcLeaseDialect dialect(Connection connection) throws SQLException;

	}

}
