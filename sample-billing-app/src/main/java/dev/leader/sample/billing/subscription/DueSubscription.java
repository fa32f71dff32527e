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

package dev.leader.sample.billing.subscription;

import java.time.Duration;
import java.time.Instant;

/**
 * A subscription whose next period is due for charging.
 *
 * @param subscriptionId the subscription
 * @param customerId its customer
 * @param plan its plan
 * @param priceCents the price of one period
 * @param currency the currency of the price
 * @param period the period to charge (the one after the current period)
 * @param periodStartsAt when that period starts (the current one ends)
 * @param periodLength how long a period lasts
 * @author leader-spring-boot-starter
 */
public record DueSubscription(long subscriptionId, long customerId, Plan plan, long priceCents, String currency,
		int period, Instant periodStartsAt, Duration periodLength) {

	/**
	 * When the period to charge ends.
	 * @return the end of the period
	 */
	public Instant periodEndsAt() {
		return this.periodStartsAt.plus(this.periodLength);
	}

	/**
	 * The key under which the payment provider charges this period at most once. It
	 * depends on the subscription and the period only, never on the node or the fencing
	 * token, so every leader that retries the charge sends the same key.
	 * @return the idempotency key
	 */
	public String idempotencyKey() {
		return "subscription-" + this.subscriptionId + "-period-" + this.period;
	}

	@Override
	public String toString() {
		return "subscription " + this.subscriptionId + " period " + this.period;
	}

}
