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

import java.time.Duration;

import javax.sql.DataSource;

import dev.leader.LeaderConfigurationException;

/**
 * The options of fast failover on PostgreSQL, MariaDB and MySQL (see
 * {@link JdbcLeaseStore#withFastFailover(FastFailover)} and
 * {@code docs/fast-failover.md}): each node holds a liveness session with a session lock
 * named after its instance ({@code pg_advisory_lock}, {@code GET_LOCK}), and followers
 * wait on the leaders' locks, so that the leases of a leader whose session ended (a
 * crashed process) are taken over within milliseconds instead of at their expiry.
 *
 * @param sessions where the dedicated sessions come from: every
 * {@link DataSource#getConnection()} must open a new physical connection that nothing
 * else closes or recycles (a driver's own data source, Spring's
 * {@code DriverManagerDataSource}), never a pool
 * @param grace how long a follower waits, after it saw a leader's session end, before it
 * takes over: long enough for a running leader to notice the loss of its own session
 * @param maxWaiters the most leader instances a node waits on at once, each on a
 * connection of its own
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record FastFailover(DataSource sessions, Duration grace, int maxWaiters) {

	/** The default grace. */
	public static final Duration DEFAULT_GRACE = Duration.ofMillis(75);

	/** The default number of leader instances waited on at once. */
	public static final int DEFAULT_MAX_WAITERS = 8;

	/**
	 * Validate the options.
	 * @param sessions where the dedicated sessions come from
	 * @param grace the grace before a takeover
	 * @param maxWaiters the most waiting sessions
	 */
	public FastFailover {
		if (sessions == null) {
			throw new LeaderConfigurationException("Fast failover needs a DataSource for its dedicated sessions");
		}
		if (grace == null || grace.isNegative()) {
			throw new LeaderConfigurationException("The fast-failover grace must be zero or positive, was " + grace);
		}
		if (maxWaiters < 1) {
			throw new LeaderConfigurationException(
					"Fast failover must wait on at least 1 leader instance, was " + maxWaiters);
		}
	}

	/**
	 * Fast failover with the default grace and number of waiting sessions.
	 * @param sessions where the dedicated sessions come from (not a pool)
	 * @return the options
	 */
	public static FastFailover over(DataSource sessions) {
		return new FastFailover(sessions, DEFAULT_GRACE, DEFAULT_MAX_WAITERS);
	}

}
