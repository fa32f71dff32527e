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

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /ledger}.
 *
 * @param charges charges made
 * @param subscriptionPeriods distinct (subscription, period) pairs charged
 * @param replays requests answered with an earlier charge of the same idempotency key
 * @param duplicates (subscription, period) pairs charged more than once, under different
 * idempotency keys: what the provider cannot prevent, and must stay empty
 * @param staleTokenRejections requests refused with 409, per group
 * @param latestTokens the newest fencing token seen, per group
 * @param held charge requests held unanswered right now
 * @author leader-spring-boot-starter
 */
public record LedgerReport(int charges, int subscriptionPeriods, long replays, List<Duplicate> duplicates,
		Map<String, Long> staleTokenRejections, Map<String, Long> latestTokens, int held) {

	/**
	 * One (subscription, period) charged several times.
	 *
	 * @param subscriptionId the subscription
	 * @param period the period
	 * @param chargeIds the charges
	 */
	public record Duplicate(long subscriptionId, int period, List<String> chargeIds) {

	}

}
