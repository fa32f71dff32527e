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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * How long a node may go on believing what the store last confirmed: until a validity
 * period after the <em>send</em> time of the last request the store answered, on the
 * monotonic clock. This is the one rule every store adapter follows for its local belief
 * (a JDBC lease, a ZooKeeper session, an etcd lease).
 * <p>
 * The store heard from the node at the earliest when that request was sent, so whatever
 * the store granted for a period counted from its own receipt of the request cannot end
 * before the send time plus that period; the node counts its validity from the send time
 * and with a margin, so that it stops believing first, whatever the network delay and
 * without ever reading a wall clock.
 * <p>
 * A deadline belongs to an <em>epoch</em> (a session, a lease, a generation of a
 * campaign): answers in an older epoch never extend a newer one, an answer to an older
 * request of the same epoch never moves the deadline back, and an ended epoch stays
 * ended. Thread-safe and lock-free.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class BeliefDeadline {

	private final LongSupplier nanoClock;

	private final AtomicReference<Answer> last = new AtomicReference<>();

	/**
	 * A deadline on {@link System#nanoTime()}.
	 */
	public BeliefDeadline() {
		this(System::nanoTime);
	}

	/**
	 * A deadline on the given monotonic clock.
	 * @param nanoClock the clock, in nanoseconds, as {@link System#nanoTime()} counts
	 */
	public BeliefDeadline(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/**
	 * The current time on the clock deadlines are counted on; take it right before
	 * sending a request whose answer will be passed to {@link #answered}.
	 * @return the time in nanoseconds
	 */
	public long now() {
		return this.nanoClock.getAsLong();
	}

	/**
	 * The store answered a request of the given epoch.
	 * @param epoch the epoch the request was sent in; 0 means none and is ignored
	 * @param sentNanos when the request was sent, from {@link #now()} taken before
	 * sending
	 * @param validity how long after the send time the belief holds (the margin already
	 * taken off); zero or negative is ignored
	 */
	public void answered(long epoch, long sentNanos, Duration validity) {
		if (epoch == 0 || validity.isNegative() || validity.isZero()) {
			return;
		}
		Answer answer = new Answer(epoch, sentNanos, sentNanos + validity.toNanos(), false);
		this.last.accumulateAndGet(answer, BeliefDeadline::later);
	}

	private static Answer later(Answer current, Answer next) {
		if (current == null || current.epoch() != next.epoch()) {
			return next;
		}
		if (current.ended()) {
			return current;
		}
		return (next.sentNanos() - current.sentNanos() > 0) ? next : current;
	}

	/**
	 * The epoch is over (the store said so, or the node gave it up): its deadline passes
	 * now, and no later answer of that epoch extends it.
	 * @param epoch the epoch
	 */
	public void end(long epoch) {
		long now = now();
		this.last.updateAndGet((current) -> (current != null && current.epoch() == epoch && !current.ended())
				? new Answer(epoch, current.sentNanos(), Math.min(current.deadlineNanos(), now), true) : current);
	}

	/**
	 * Whether the belief of the epoch holds now.
	 * @param epoch the epoch
	 * @return {@code true} before the epoch's deadline
	 */
	public boolean isValid(long epoch) {
		return remainingNanos(epoch) > 0;
	}

	/**
	 * Time left until the epoch's deadline.
	 * @param epoch the epoch
	 * @return the nanoseconds left; 0 or less once the deadline passed, or when no answer
	 * of that epoch was recorded
	 */
	public long remainingNanos(long epoch) {
		Answer answer = this.last.get();
		if (answer == null || answer.epoch() != epoch) {
			return 0;
		}
		return answer.deadlineNanos() - now();
	}

	/**
	 * How long ago the last answered request of the epoch was sent, for messages.
	 * @param epoch the epoch
	 * @return the milliseconds, or -1 when no answer of that epoch was recorded
	 */
	public long millisSinceLastAnsweredSend(long epoch) {
		Answer answer = this.last.get();
		if (answer == null || answer.epoch() != epoch) {
			return -1;
		}
		return TimeUnit.NANOSECONDS.toMillis(now() - answer.sentNanos());
	}

	/**
	 * Whether the epoch was {@linkplain #end(long) ended}.
	 * @param epoch the epoch
	 * @return {@code true} after {@link #end(long)} for that epoch
	 */
	public boolean hasEnded(long epoch) {
		Answer answer = this.last.get();
		return answer != null && answer.epoch() == epoch && answer.ended();
	}

	private record Answer(long epoch, long sentNanos, long deadlineNanos, boolean ended) {

	}

}
