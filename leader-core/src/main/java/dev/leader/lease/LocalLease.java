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
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.engine.BeliefDeadline;

/**
 * What one campaign believes about its own lease: the token it leads with, and until when
 * it may believe so, on the engine's {@link BeliefDeadline} (the local validity after the
 * send time of the last acquisition or renewal the store confirmed). The step-down timer
 * runs on the host's timer thread, which never waits for the store. Reads are lock-free;
 * changes are made under the campaign's monitor.
 *
 * @author leader-spring-boot-starter
 */
final class LocalLease {

	private final CampaignHost host;

	private final Duration validity;

	private final BeliefDeadline deadline;

	/** The lease this node holds, or {@code null} while following. */
	private volatile @Nullable Held held;

	private @Nullable ScheduledFuture<?> deadlineCheck;

	/** Renewals failed in a row; only the first of a streak is logged as a warning. */
	private int failedRenewals;

	LocalLease(CampaignHost host, Duration validity) {
		this.host = host;
		this.validity = validity;
		this.deadline = new BeliefDeadline(host::nanoTime);
	}

	/**
	 * The lease held, whether or not its deadline passed.
	 */
	@Nullable Held held() {
		return this.held;
	}

	boolean isHeld() {
		return this.held != null;
	}

	/**
	 * The token, while the belief holds.
	 */
	Optional<FencingToken> validToken() {
		Held current = this.held;
		return (current != null && this.deadline.isValid(current.epoch())) ? Optional.of(current.token())
				: Optional.empty();
	}

	/**
	 * The store confirmed a request of the epoch sent at {@code sentAt}.
	 * @return whether the belief holds now (an answer can come too late to rely on)
	 */
	boolean confirmed(long epoch, long sentAt) {
		this.deadline.answered(epoch, sentAt, this.validity);
		this.failedRenewals = 0;
		return this.deadline.isValid(epoch);
	}

	/**
	 * Hold a lease the store confirmed (see {@link #confirmed}), and check its deadline
	 * on the timer thread with {@code onDeadline}, which calls {@link #recheck} again or
	 * steps down.
	 */
	void hold(Held lease, Runnable onDeadline) {
		this.held = lease;
		arm(lease.epoch(), onDeadline);
	}

	/**
	 * The deadline check fired: arm it again when the belief was extended meanwhile.
	 * @return whether the belief still holds
	 */
	boolean recheck(long epoch, Runnable onDeadline) {
		if (!this.deadline.isValid(epoch)) {
			return false;
		}
		arm(epoch, onDeadline);
		return true;
	}

	private void arm(long epoch, Runnable onDeadline) {
		this.deadlineCheck = this.host.scheduleTimerCheck(onDeadline, this.deadline.remainingNanos(epoch));
	}

	/**
	 * How long the belief in a lease lasts from now.
	 * @return the nanoseconds left, 0 or less once it ended
	 */
	long remainingNanos(Held lease) {
		return this.deadline.remainingNanos(lease.epoch());
	}

	/**
	 * A renewal failed.
	 * @return whether it is the first of a streak
	 */
	boolean firstFailure() {
		return this.failedRenewals++ == 0;
	}

	/**
	 * Stop believing at once.
	 * @return the lease held until now, or {@code null}
	 */
	@Nullable Held end() {
		Held previous = this.held;
		if (previous == null) {
			return null;
		}
		this.held = null;
		this.deadline.end(previous.epoch());
		this.failedRenewals = 0;
		StepSchedule.cancel(this.deadlineCheck);
		return previous;
	}

	/**
	 * A lease this node holds: its token and the epoch of its belief (the campaign's
	 * generation it was granted in).
	 */
	record Held(FencingToken token, long epoch) {

	}

}
