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

import org.jspecify.annotations.Nullable;

import dev.leader.fencing.FencingVerdict;

/**
 * What the ledger made of a charge request.
 *
 * @param result the result
 * @param charge the new or earlier charge ({@code CREATED}, {@code REPLAYED}), or
 * {@code null}
 * @param fencing the verdict of the fencing check on the request's token
 * @author leader-spring-boot-starter
 */
public record ChargeOutcome(Result result, @Nullable LedgerCharge charge, FencingVerdict fencing) {

	/**
	 * The possible results.
	 */
	public enum Result {

		/** A new charge (HTTP 201). */
		CREATED,

		/** The earlier charge of the same idempotency key (HTTP 200). */
		REPLAYED,

		/** The fencing token is older than one already seen for the group (HTTP 409). */
		STALE_TOKEN,

		/** The idempotency key was used before for a different charge (HTTP 422). */
		KEY_REUSED,

		/** The token is malformed (HTTP 400) or missing (HTTP 428). */
		REFUSED

	}

}
