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

package dev.leader.sample.billing.summary;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /api/billing/summary}.
 *
 * @param asOf the database time the periods are counted at
 * @param customers the customers
 * @param subscriptions the subscriptions per plan, and their total
 * @param periodsDue subscription periods that have started
 * @param periodsCharged subscription periods charged (recorded in the database)
 * @param periodsMissed periods that started without being charged
 * @param periodsChargedAhead periods charged before they started
 * @param duplicateCharges periods recorded more than once (the schema makes this 0)
 * @param providerReplays charges the provider answered with an earlier charge of the same
 * idempotency key instead of charging again
 * @param fencedAttempts refused attempts per {@code FencedAttemptKind}, and their total
 * @param nodes the same figures per node
 * @param leaderships the charges made under each fencing token
 * @author leader-spring-boot-starter
 */
public record BillingSummary(Instant asOf, long customers, Map<String, Long> subscriptions, long periodsDue,
		long periodsCharged, long periodsMissed, long periodsChargedAhead, long duplicateCharges, long providerReplays,
		Map<String, Long> fencedAttempts, Map<String, NodeSummary> nodes, List<Leadership> leaderships) {

	/**
	 * What one node did.
	 *
	 * @param charges the charges it recorded
	 * @param providerReplays of those, the ones the provider answered with an earlier
	 * charge
	 * @param fencedAttempts its refused attempts per kind, and their total
	 * @param lastChargeAt when it recorded its last charge (database time)
	 */
	public record NodeSummary(long charges, long providerReplays, Map<String, Long> fencedAttempts,
			@Nullable Instant lastChargeAt) {

	}

	/**
	 * The charges recorded under one fencing token: one term of leadership.
	 *
	 * @param token the fencing token
	 * @param node the node that held it
	 * @param charges the charges it recorded
	 * @param firstChargeAt the first (database time)
	 * @param lastChargeAt the last (database time)
	 */
	public record Leadership(long token, String node, long charges, Instant firstChargeAt, Instant lastChargeAt) {

	}

}
