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
 * A charge request refused with 409 because its fencing token was older than one the
 * provider had already seen for the group.
 *
 * @param group the token's group
 * @param fencingToken the stale token's value
 * @param latestToken the newest token the provider had seen for the group
 * @param idempotencyKey the request's idempotency key
 * @param subscriptionId the subscription it would have charged
 * @param period the period it would have charged
 * @param rejectedAt when it was refused
 * @author leader-spring-boot-starter
 */
public record Rejection(String group, long fencingToken, long latestToken, String idempotencyKey, long subscriptionId,
		int period, Instant rejectedAt) {

}
