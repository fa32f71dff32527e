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

/**
 * The plans a customer can subscribe to.
 *
 * @author leader-spring-boot-starter
 */
public enum Plan {

	/** Charged every month. */
	MONTHLY(1, 990),

	/** Charged every twelve months, at a discount. */
	ANNUAL(12, 9900);

	private final int months;

	private final long priceCents;

	Plan(int months, long priceCents) {
		this.months = months;
		this.priceCents = priceCents;
	}

	/**
	 * The price of one period.
	 * @return the price in cents of the subscription's currency
	 */
	public long priceCents() {
		return this.priceCents;
	}

	/**
	 * The length of one period.
	 * @param month how long a month lasts
	 * @return the period length
	 */
	public Duration periodLength(Duration month) {
		return month.multipliedBy(this.months);
	}

}
