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

import java.time.Duration;

/**
 * Told about the coordinator's routine work that events do not cover, for metrics: lease
 * renewals and fencing checks. Called on the coordinator's or the caller's thread: must
 * be quick and must not throw.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface LeaseObserver {

	/** An observer that ignores everything. */
	LeaseObserver NONE = new LeaseObserver() {
	};

	/**
	 * A renewal attempt of this node's lease ended.
	 * @param group the group
	 * @param took how long the attempt took
	 * @param success whether the lease was renewed
	 */
	default void renewed(String group, Duration took, boolean success) {
	}

	/**
	 * A fencing token was checked against the store ({@code verify} or a guard).
	 * @param token the token
	 * @param valid {@code true} when it was current, {@code false} when it was stale
	 */
	default void fencingChecked(FencingToken token, boolean valid) {
	}

	/**
	 * This node found two instances believing they lead one group, or a belief in a token
	 * the store no longer has.
	 * @param conflict the finding
	 */
	default void conflictDetected(LeadershipConflict conflict) {
	}

}
