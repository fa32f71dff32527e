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

import org.junit.jupiter.api.Test;

import dev.leader.LeaderConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Lease durations out of order are refused with a message that says what to set.
 */
class LeaseTimingsTests {

	@Test
	void defaultsAreATenSecondLeaseRenewedEveryThreeSeconds() {
		assertThat(LeaseTimings.DEFAULTS.leaseDuration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(LeaseTimings.DEFAULTS.renewInterval()).isEqualTo(Duration.ofSeconds(3));
		assertThat(LeaseTimings.DEFAULTS.retryInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(LeaseTimings.DEFAULTS.localValidity()).isEqualTo(Duration.ofMillis(9500));
	}

	@Test
	void refusesNonPositiveDurations() {
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> timings(0, 1000, 100))
			.withMessage("lease-duration must be positive, was PT0S");
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> timings(10000, -1, 100))
			.withMessage("renew-interval must be positive, was PT-0.001S");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> new LeaseTimings(Duration.ofSeconds(10), Duration.ofSeconds(1), null))
			.withMessage("retry-interval must be set");
	}

	@Test
	void refusesARenewIntervalThatLeavesNoRoomForARetry() {
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> timings(10000, 6000, 1000))
			.withMessageContaining("renew-interval (6000 ms) must be at most half of lease-duration (10000 ms)")
			.withMessageContaining("set renew-interval to 3333 ms or raise lease-duration");
		assertThat(timings(10000, 5000, 1000).renewInterval()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void refusesARetryIntervalLongerThanTheLease() {
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> timings(10000, 3000, 11000))
			.withMessageContaining("retry-interval (11000 ms) must not exceed lease-duration (10000 ms)");
	}

	@Test
	void refusesLeasesTooShortToRenew() {
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> timings(100, 40, 10))
			.withMessage("lease-duration (100 ms) is too short: use at least 200 ms");
	}

	private static LeaseTimings timings(long lease, long renew, long retry) {
		return new LeaseTimings(Duration.ofMillis(lease), Duration.ofMillis(renew), Duration.ofMillis(retry));
	}

}
