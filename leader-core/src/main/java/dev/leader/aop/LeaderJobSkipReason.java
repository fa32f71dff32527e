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

package dev.leader.aop;

/**
 * Why a call of a leader-only method was {@linkplain LeaderJobOutcome#SKIPPED skipped}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum LeaderJobSkipReason {

	/** This node did not hold a locally valid lease of the group. */
	NOT_LEADER,

	/** The application was shutting down and accepted no new leader-only work. */
	STOPPING,

	/**
	 * The group is paused cluster-wide ({@code LeaderCoordinator.pause(group)}): no node
	 * runs its leader-only work, while its leader keeps the lease and the token.
	 */
	PAUSED

}
