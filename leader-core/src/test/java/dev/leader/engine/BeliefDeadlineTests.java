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

package dev.leader.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local deadline every store follows: a validity period after the send time of the
 * last answered request of an epoch, on a monotonic clock.
 */
class BeliefDeadlineTests {

	private static final long EPOCH = 0x1234L;

	private static final Duration VALIDITY = Duration.ofMillis(2000);

	private final AtomicLong nanos = new AtomicLong(-TimeUnit.HOURS.toNanos(1));

	private final BeliefDeadline deadline = new BeliefDeadline(this.nanos::get);

	@Test
	void validUntilTheValidityAfterTheSendTimeOfTheLastAnsweredRequest() {
		assertThat(this.deadline.isValid(EPOCH)).as("before any answer").isFalse();
		long sent = this.deadline.now();
		advanceMillis(500);
		this.deadline.answered(EPOCH, sent, VALIDITY);
		assertThat(this.deadline.remainingNanos(EPOCH)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
		assertThat(this.deadline.millisSinceLastAnsweredSend(EPOCH)).isEqualTo(500);
		advanceMillis(1499);
		assertThat(this.deadline.isValid(EPOCH)).isTrue();
		advanceMillis(1);
		assertThat(this.deadline.isValid(EPOCH)).as("at the deadline").isFalse();
	}

	@Test
	void anAnswerToAnOlderRequestNeverMovesTheDeadlineBack() {
		long older = this.nanos.get();
		advanceMillis(1000);
		long newer = this.nanos.get();
		this.deadline.answered(EPOCH, newer, VALIDITY);
		this.deadline.answered(EPOCH, older, VALIDITY);
		assertThat(this.deadline.remainingNanos(EPOCH)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(2000));
	}

	@Test
	void answersInAnotherEpochDoNotExtendTheFirst() {
		this.deadline.answered(EPOCH, this.nanos.get(), VALIDITY);
		this.deadline.answered(EPOCH + 1, this.nanos.get(), VALIDITY);
		assertThat(this.deadline.isValid(EPOCH)).isFalse();
		assertThat(this.deadline.isValid(EPOCH + 1)).isTrue();
		this.deadline.answered(0, this.nanos.get(), VALIDITY);
		assertThat(this.deadline.isValid(EPOCH + 1)).as("no epoch: ignored").isTrue();
		this.deadline.answered(EPOCH + 1, this.nanos.get() + 1, Duration.ZERO);
		assertThat(this.deadline.isValid(EPOCH + 1)).as("no validity: ignored").isTrue();
	}

	@Test
	void anEndedEpochIsOverAtOnceAndStaysOver() {
		this.deadline.answered(EPOCH, this.nanos.get(), VALIDITY);
		this.deadline.end(EPOCH + 1);
		assertThat(this.deadline.isValid(EPOCH)).as("another epoch ended").isTrue();
		this.deadline.end(EPOCH);
		assertThat(this.deadline.isValid(EPOCH)).isFalse();
		assertThat(this.deadline.hasEnded(EPOCH)).isTrue();
		advanceMillis(10);
		this.deadline.answered(EPOCH, this.nanos.get(), VALIDITY);
		assertThat(this.deadline.isValid(EPOCH)).as("a later answer in an ended epoch").isFalse();
	}

	private void advanceMillis(long millis) {
		this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
