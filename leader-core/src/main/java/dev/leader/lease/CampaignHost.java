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
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import dev.leader.LeadershipEnd;
import dev.leader.Lease;

/**
 * What a {@link GroupCampaign} needs from the run it belongs to: the clock, the identity
 * it campaigns as, the store calls it makes itself, and the scheduling of its steps. A
 * campaign never reads {@link System#nanoTime()} or the store on its own, so that one
 * class ({@link LeaseRounds}) owns every thread and every store call.
 *
 * @author leader-spring-boot-starter
 */
interface CampaignHost {

	/**
	 * The monotonic clock deadlines are counted on.
	 * @return the time in nanoseconds, as {@link System#nanoTime()} counts
	 */
	long nanoTime();

	/**
	 * The node id, for messages.
	 * @return the node id
	 */
	String nodeId();

	/**
	 * The instance this run campaigns as; it holds the leases.
	 * @return the instance id
	 */
	String instanceId();

	/**
	 * The store, for messages.
	 * @return its description
	 */
	String storeDescription();

	/**
	 * Acquire a group's lease for this instance, on the calling store thread.
	 * @param group the group
	 * @param leaseDuration how long the lease lasts in store time
	 * @param lockWait how long the store may wait for a lock
	 * @return the new token, or empty when another instance holds an unexpired lease
	 */
	OptionalLong acquire(String group, Duration leaseDuration, Duration lockWait);

	/**
	 * Take over a group's lease from an instance whose liveness session ended, on the
	 * calling store thread.
	 * @param group the group
	 * @param from the lease as read, held by the ended instance
	 * @param leaseDuration how long the lease lasts in store time
	 * @param lockWait how long the store may wait for a lock
	 * @return the new token, or empty when the lease changed meanwhile
	 */
	OptionalLong takeOver(String group, Lease from, Duration leaseDuration, Duration lockWait);

	/**
	 * Release a group's lease held by this instance under a token.
	 * @param group the group
	 * @param token the token's value
	 * @param reason why, for the store's history
	 */
	void release(String group, long token, LeadershipEnd reason);

	/**
	 * Whether the store announces releases now, so that followers need not poll.
	 * @return {@code true} while releases are announced
	 */
	boolean isWatchingReleases();

	/**
	 * Ask for a round after a delay.
	 * @param delayNanos the delay
	 * @return the scheduled request, {@code null} when the run is over
	 */
	@Nullable ScheduledFuture<?> scheduleRound(long delayNanos);

	/**
	 * Ask for a round soon.
	 */
	void requestRound();

	/**
	 * Run a check on a thread that never waits for the store.
	 * @param check the check
	 * @param delayNanos the delay
	 * @return the scheduled check, {@code null} when the run is over
	 */
	@Nullable ScheduledFuture<?> scheduleTimerCheck(Runnable check, long delayNanos);

	/**
	 * A renewal of the group came back.
	 * @param group the group
	 * @param took how long the store call took
	 * @param success whether the lease was renewed
	 */
	void renewalObserved(String group, Duration took, boolean success);

	/**
	 * How long a campaign waits before acquiring a free group, by the placement policy (a
	 * node at its share lets a node with room take it first).
	 * @param group the group
	 * @return the delay in nanoseconds, 0 to attempt at once
	 */
	long acquisitionDelayNanos(String group);

	/**
	 * How many times this node's room opened: read before a decision to wait for a node
	 * with room, and again once it is recorded, so that an opening in between ends the
	 * wait.
	 * @return the count
	 */
	long roomOpenings();

}
