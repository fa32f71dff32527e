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

package dev.leader.lease;

import java.time.Duration;

import dev.leader.LeaderConfigurationException;

/**
 * The validated durations of a lease-based coordinator.
 *
 * @param leaseDuration how long a lease lasts in store time after each acquisition or
 * renewal
 * @param renewInterval how often the leader renews; at most half the lease duration, so
 * that a failed renewal can be retried before the lease runs out
 * @param retryInterval how often followers try to acquire, and how soon the leader
 * retries a failed renewal
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record LeaseTimings(Duration leaseDuration, Duration renewInterval, Duration retryInterval) {

	/** Lease duration when none is set. */
	public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(10);

	/** Renew interval when none is set. */
	public static final Duration DEFAULT_RENEW_INTERVAL = Duration.ofSeconds(3);

	/** Retry interval when none is set. */
	public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

	/** The shortest lease accepted. */
	public static final Duration MIN_LEASE_DURATION = Duration.ofMillis(200);

	/** The defaults: a 10 s lease, renewed every 3 s, followers retrying every second. */
	public static final LeaseTimings DEFAULTS = new LeaseTimings(DEFAULT_LEASE_DURATION, DEFAULT_RENEW_INTERVAL,
			DEFAULT_RETRY_INTERVAL);

	public LeaseTimings {
		requirePositive("lease-duration", leaseDuration);
		requirePositive("renew-interval", renewInterval);
		requirePositive("retry-interval", retryInterval);
		if (leaseDuration.compareTo(MIN_LEASE_DURATION) < 0) {
			throw new LeaderConfigurationException("lease-duration (" + leaseDuration.toMillis()
					+ " ms) is too short: use at least " + MIN_LEASE_DURATION.toMillis() + " ms");
		}
		if (renewInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
			throw new LeaderConfigurationException("renew-interval (" + renewInterval.toMillis()
					+ " ms) must be at most half of lease-duration (" + leaseDuration.toMillis()
					+ " ms) so that a failed renewal can be retried before the lease runs out: set renew-interval to "
					+ leaseDuration.dividedBy(3).toMillis() + " ms or raise lease-duration");
		}
		if (retryInterval.compareTo(leaseDuration) > 0) {
			throw new LeaderConfigurationException("retry-interval (" + retryInterval.toMillis()
					+ " ms) must not exceed lease-duration (" + leaseDuration.toMillis()
					+ " ms): followers would miss the end of a lease by more than its length");
		}
	}

	/**
	 * How long a node that yielded waits after its release before it campaigns again, so
	 * that followers polling every retry interval get their turn first: three retry
	 * intervals.
	 * @return the handover window
	 * @since 0.1.0
	 */
	public Duration handoverWindow() {
		return this.retryInterval.multipliedBy(3);
	}

	/**
	 * How often a round runs at the least: the renew interval of a leader or the retry
	 * interval of a follower, whichever is shorter.
	 * @return the shorter of the two intervals
	 */
	public Duration roundInterval() {
		return (this.retryInterval.compareTo(this.renewInterval) < 0) ? this.retryInterval : this.renewInterval;
	}

	/**
	 * How long before the lease could expire in the store the leader steps down: a
	 * twentieth of the lease, covering a difference in rate between the node's monotonic
	 * clock and the store's clock.
	 * @return the safety margin
	 */
	public Duration safetyMargin() {
		return this.leaseDuration.dividedBy(20);
	}

	/**
	 * How long after a successful renewal was sent the leader considers its lease valid.
	 * @return the lease duration less the safety margin
	 */
	public Duration localValidity() {
		return this.leaseDuration.minus(safetyMargin());
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null) {
			throw new LeaderConfigurationException(name + " must be set");
		}
		if (value.isNegative() || value.isZero()) {
			throw new LeaderConfigurationException(name + " must be positive, was " + value);
		}
	}

}
