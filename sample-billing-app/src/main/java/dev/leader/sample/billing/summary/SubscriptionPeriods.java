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

package dev.leader.sample.billing.summary;

import java.time.Duration;
import java.time.Instant;

/**
 * One subscription's periods at an instant: how many have started, how many were paid for
 * ahead of their start, how many started without being paid. Periods are numbered from 1
 * and paid in order, so the subscription's current period and its end say it all.
 *
 * @param currentPeriod the last period paid for (0 in the trial)
 * @param currentPeriodEndsAt when it ends, that is when the next period starts
 * @param periodLength the length of a period
 * @author leader-spring-boot-starter
 */
public record SubscriptionPeriods(int currentPeriod, Instant currentPeriodEndsAt, Duration periodLength) {

	/**
	 * Periods that started by {@code instant} and were not paid for: the subscription
	 * lapsed.
	 * @param instant the instant
	 * @return the number of missed periods
	 */
	public long missedAt(Instant instant) {
		if (this.currentPeriodEndsAt.isAfter(instant)) {
			return 0;
		}
		return Duration.between(this.currentPeriodEndsAt, instant).toMillis() / this.periodLength.toMillis() + 1;
	}

	/**
	 * Periods paid for that had not started by {@code instant}.
	 * @param instant the instant
	 * @return the number of periods charged ahead
	 */
	public long chargedAheadAt(Instant instant) {
		if (!this.currentPeriodEndsAt.isAfter(instant)) {
			return 0;
		}
		long length = this.periodLength.toMillis();
		long ahead = (Duration.between(instant, this.currentPeriodEndsAt).toMillis() + length - 1) / length - 1;
		return Math.min(this.currentPeriod, ahead);
	}

	/**
	 * Periods that started by {@code instant}, paid for or not.
	 * @param instant the instant
	 * @return the number of due periods
	 */
	public long dueAt(Instant instant) {
		return this.currentPeriod - chargedAheadAt(instant) + missedAt(instant);
	}

}
