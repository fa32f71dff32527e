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

import java.time.Instant;

/**
 * A charge the provider made.
 *
 * @param chargeId the provider's id of the charge
 * @param idempotencyKey the key it was made under
 * @param group the fencing token's group
 * @param fencingToken the fencing token's value
 * @param customerId the customer charged
 * @param subscriptionId the subscription charged
 * @param period the period paid for
 * @param amountCents the amount, in cents
 * @param currency the currency
 * @param createdAt when the provider made it
 * @author leader-spring-boot-starter
 */
public record LedgerCharge(String chargeId, String idempotencyKey, String group, long fencingToken, long customerId,
		long subscriptionId, int period, long amountCents, String currency, Instant createdAt) {

	/**
	 * Whether a repeated request asks for the same charge.
	 * @param command the repeated request
	 * @return {@code true} when every field matches
	 */
	boolean matches(ChargeCommand command) {
		return this.customerId == command.customerId() && this.subscriptionId == command.subscriptionId()
				&& this.period == command.period() && this.amountCents == command.amountCents()
				&& this.currency.equals(command.currency());
	}

}
