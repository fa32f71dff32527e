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
 * A charge request the simulator holds, unanswered, until it is released.
 *
 * @param group the fencing token's group
 * @param fencingToken the fencing token's value
 * @param idempotencyKey the idempotency key
 * @param subscriptionId the subscription to charge
 * @param period the period to charge
 * @param heldSince when the request arrived
 * @author leader-spring-boot-starter
 */
public record HeldCharge(String group, long fencingToken, String idempotencyKey, long subscriptionId, int period,
		Instant heldSince) {

}
