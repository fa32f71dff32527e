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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting a subscription's periods at an instant.
 */
class SubscriptionPeriodsTests {

	private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration MONTH = Duration.ofSeconds(10);

	@Test
	void trialNotOverYetHasNothingDue() {
		SubscriptionPeriods trial = new SubscriptionPeriods(0, T.plusSeconds(5), MONTH);
		assertThat(trial.dueAt(T)).isZero();
		assertThat(trial.missedAt(T)).isZero();
		assertThat(trial.chargedAheadAt(T)).isZero();
	}

	@Test
	void periodsStartedAfterTheLastPaidOneAreMissed() {
		// Paid up to period 2, which ended at T: period 3 starts at T, 4 at T+10s.
		SubscriptionPeriods lapsed = new SubscriptionPeriods(2, T, MONTH);
		assertThat(lapsed.missedAt(T.minusMillis(1))).isZero();
		assertThat(lapsed.missedAt(T)).isEqualTo(1);
		assertThat(lapsed.missedAt(T.plusSeconds(10))).isEqualTo(2);
		assertThat(lapsed.dueAt(T.plusSeconds(10))).isEqualTo(4);
	}

	@Test
	void aPeriodPaidBeforeItStartedIsChargedAhead() {
		// Period 3 paid, starting at T+5s and ending at T+15s.
		SubscriptionPeriods ahead = new SubscriptionPeriods(3, T.plusSeconds(15), MONTH);
		assertThat(ahead.chargedAheadAt(T)).isEqualTo(1);
		assertThat(ahead.dueAt(T)).isEqualTo(2);
		assertThat(ahead.chargedAheadAt(T.plusSeconds(5))).isZero();
		assertThat(ahead.dueAt(T.plusSeconds(5))).isEqualTo(3);
		assertThat(ahead.missedAt(T.plusSeconds(5))).isZero();
	}

	@Test
	void chargedAheadNeverExceedsWhatWasPaid() {
		SubscriptionPeriods first = new SubscriptionPeriods(1, T.plusSeconds(25), MONTH);
		assertThat(first.chargedAheadAt(T)).isEqualTo(1);
		assertThat(first.dueAt(T)).isZero();
	}

}
