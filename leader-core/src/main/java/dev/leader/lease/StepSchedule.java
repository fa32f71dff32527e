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

import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * When a campaign's next step is due, and whether a step is in flight: at most one is.
 * Not thread-safe: its campaign guards it with its monitor.
 *
 * @author leader-spring-boot-starter
 */
final class StepSchedule {

	private final CampaignHost host;

	/** Whether a next step is scheduled, due at {@link #dueAt} (monotonic). */
	private boolean scheduled;

	private long dueAt;

	/** Whether a step was taken and its result is not handled yet. */
	private boolean inFlight;

	/** A release was announced while a step was in flight: try again right after it. */
	private boolean releaseAnnounced;

	private @Nullable ScheduledFuture<?> wakeUp;

	StepSchedule(CampaignHost host) {
		this.host = host;
	}

	/**
	 * Make the next step due after {@code delayNanos}, replacing any scheduled one.
	 */
	void schedule(long delayNanos) {
		cancel(this.wakeUp);
		long delay = Math.max(0, delayNanos);
		this.dueAt = this.host.nanoTime() + delay;
		this.scheduled = true;
		this.wakeUp = this.host.scheduleRound(delay);
	}

	void unschedule() {
		this.scheduled = false;
		cancel(this.wakeUp);
	}

	/**
	 * A new run: a step of an earlier run that never came back (dropped when that run's
	 * threads stopped) must not hold up this one; its result, if any, is stale.
	 */
	void reset() {
		this.inFlight = false;
		this.releaseAnnounced = false;
	}

	/**
	 * Take the scheduled step if it is due within {@code window} of {@code now}; it is
	 * then in flight until {@link #landed()}.
	 * @return whether the step was taken
	 */
	boolean take(long now, long window) {
		if (!this.scheduled || this.inFlight || this.dueAt - now > window) {
			return false;
		}
		this.scheduled = false;
		this.inFlight = true;
		cancel(this.wakeUp);
		return true;
	}

	/**
	 * Take a step now, outside the rounds, whatever was scheduled, unless one is in
	 * flight: it is then in flight until {@link #landed()}.
	 * @return whether the step was taken
	 */
	boolean takeNow() {
		if (this.inFlight) {
			return false;
		}
		this.scheduled = false;
		this.inFlight = true;
		cancel(this.wakeUp);
		return true;
	}

	/**
	 * A step's result arrived (whether or not it is still wanted). A step that fell due
	 * meanwhile (after a step-down, say) was passed over by the rounds: ask for one.
	 */
	void landed() {
		this.inFlight = false;
		if (this.scheduled && this.dueAt - this.host.nanoTime() <= 0) {
			this.host.requestRound();
		}
	}

	boolean isScheduled() {
		return this.scheduled;
	}

	boolean isInFlight() {
		return this.inFlight;
	}

	/**
	 * Whether the scheduled step is due later than {@code delayNanos} from now.
	 */
	boolean isDueLaterThan(long delayNanos) {
		return this.dueAt - (this.host.nanoTime() + delayNanos) > 0;
	}

	/**
	 * Note an announced release that arrived while a step was in flight.
	 */
	void releaseAnnounced() {
		this.releaseAnnounced = true;
	}

	/**
	 * Whether a release was announced since the last call, which forgets it.
	 */
	boolean takeReleaseAnnounced() {
		boolean announced = this.releaseAnnounced;
		this.releaseAnnounced = false;
		return announced;
	}

	static void cancel(@Nullable ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

}
