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
 * What became of one call of a leader-only method.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum LeaderJobOutcome {

	/** This node led the group and the method ran (and returned normally). */
	RAN,

	/**
	 * This node did not lead the group, was shutting down, or the group was paused
	 * cluster-wide: the method was skipped (see {@link LeaderJobSkipReason}).
	 */
	SKIPPED,

	/** The token failed verification right before the call: the method was skipped. */
	FENCED,

	/** The method ran and threw, or the token could not be verified. */
	FAILED

}
