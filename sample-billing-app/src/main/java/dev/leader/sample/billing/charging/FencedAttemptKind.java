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

package dev.leader.sample.billing.charging;

/**
 * Where a stale fencing token was refused.
 *
 * @author leader-spring-boot-starter
 */
public enum FencedAttemptKind {

	/** By {@code LeaderCoordinator.verify} before the call to the payment provider. */
	VERIFY,

	/** By the payment provider (HTTP 409): it had seen a newer token. */
	PROVIDER,

	/**
	 * By the charge transaction's {@link ChargeFence}, before the charge was written to
	 * the database: the JDBC fencing guard on the JDBC store; the token registry or the
	 * verify in the transaction on others (etcd).
	 */
	GUARD

}
