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

package dev.leader;

/**
 * Why a node stopped leading a group.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum RevocationReason {

	/**
	 * The node gave the lease up on request ({@link LeaderCoordinator#yield(String)}).
	 */
	YIELDED,

	/** The store reported that the lease expired or another node holds it. */
	LEASE_LOST,

	/**
	 * The lease could not be renewed in time, so the node stepped down before it could
	 * have expired in the store.
	 */
	STORE_UNREACHABLE,

	/** The coordinator is shutting down and released the lease. */
	SHUTDOWN,

	/**
	 * The node was drained ({@link LeaderCoordinator#drain(String)}): it handed the group
	 * over and does not campaign for it until it is resumed.
	 */
	DRAINED

}
