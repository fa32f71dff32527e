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
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import dev.leader.Lease;
import dev.leader.lease.LocalLease.Held;

/**
 * A step of a {@link GroupCampaign} taken in a round: an attempt to acquire when
 * {@code held} is {@code null}, else a renewal of {@code held}. Its result goes back to
 * the campaign exactly once; the generation tells the campaign whether it is still
 * wanted.
 *
 * @param campaign the campaign
 * @param generation the campaign's generation when the step was taken
 * @param held the lease a renewal renews, {@code null} for an attempt
 * @author leader-spring-boot-starter
 */
record CampaignStep(GroupCampaign campaign, long generation, @Nullable Held held) {

	boolean isRenewal() {
		return this.held != null;
	}

	/**
	 * The lease a renewal renews.
	 */
	Held lease() {
		return Objects.requireNonNull(this.held, "not a renewal");
	}

	/**
	 * How long a lease read by an attempt lasts from when it was read, in store time.
	 */
	static long remainingNanos(Lease lease) {
		return Duration.between(lease.storeTime(), lease.expiresAt()).toNanos();
	}

}
