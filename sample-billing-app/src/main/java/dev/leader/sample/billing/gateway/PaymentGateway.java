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

package dev.leader.sample.billing.gateway;

import dev.leader.FencingException;
import dev.leader.FencingToken;

/**
 * Charges customers through the payment provider.
 *
 * @author leader-spring-boot-starter
 */
public interface PaymentGateway {

	/**
	 * Charge once per idempotency key, under a fencing token.
	 * @param request what to charge
	 * @param idempotencyKey the same for every attempt at the same charge
	 * @param token the token of the leader making the call
	 * @return the provider's charge, new or replayed
	 * @throws FencingException when the provider has seen a newer token of the group
	 * (HTTP 409)
	 * @throws PaymentGatewayException when the provider cannot be reached or refuses the
	 * charge otherwise
	 * @throws InterruptedException when the calling thread was interrupted while waiting
	 * for the answer (the leader lost its lease)
	 */
	ProviderCharge charge(ChargeRequest request, String idempotencyKey, FencingToken token) throws InterruptedException;

}
