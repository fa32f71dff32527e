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

package dev.leader.sample.billing.provider;

/**
 * The body of {@code POST /charges}; every field is required.
 *
 * @param customerId the customer charged
 * @param subscriptionId the subscription charged
 * @param period the subscription period paid for
 * @param amountCents the amount, in cents
 * @param currency the ISO currency code
 * @author leader-spring-boot-starter
 */
public record ChargeCommand(Long customerId, Long subscriptionId, Integer period, Long amountCents, String currency) {

	/**
	 * Whether every field is present and sensible.
	 * @return {@code true} when the command can be charged
	 */
	public boolean isComplete() {
		return this.customerId != null && this.subscriptionId != null && this.period != null && this.amountCents != null
				&& this.amountCents > 0 && this.currency != null && this.currency.length() == 3;
	}

}
