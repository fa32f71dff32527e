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

package dev.leader.engine;

import java.util.Optional;

import dev.leader.FencingToken;
import dev.leader.RevocationReason;

/**
 * One group's campaign, as a store adapter runs it for the {@link CoordinatorEngine}. A
 * campaign belongs to one run of its coordinator: a restarted coordinator makes new ones.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface Campaign {

	/**
	 * Start campaigning.
	 */
	void start();

	/**
	 * Stop campaigning: step down (revoked with the given reason), let running work drain
	 * through {@link LeadershipChanges#beforeRelease(String)}, and release the group. A
	 * stopped campaign is not started again: the engine makes a new one.
	 * @param reason {@link RevocationReason#SHUTDOWN} when the coordinator stops,
	 * {@link RevocationReason#DRAINED} when the group is drained
	 */
	void stop(RevocationReason reason);

	/**
	 * Whether this node leads the group now, by its local belief (no round trip).
	 * @return {@code true} while leading
	 */
	boolean isLeader();

	/**
	 * The token this node leads with, while its local belief holds.
	 * @return the token, or empty when not leading
	 */
	Optional<FencingToken> token();

	/**
	 * Step down, drain, release, and let another node take over before campaigning again.
	 * @return {@code true} when this node led the group and yielded it
	 */
	boolean yieldLeadership();

	/**
	 * The store refuted a token of this node: step down at once if this campaign still
	 * leads with it (a notice from the store may not have arrived yet).
	 * @param token the refuted token
	 * @param reason what the store said
	 */
	void refuted(FencingToken token, String reason);

	/**
	 * How long this node's belief that it leads the group holds from now, by its local
	 * deadline; published for the duplicate-leader check.
	 * @return the nanoseconds left, 0 or less when not leading (the default: the store
	 * publishes no beliefs)
	 */
	default long beliefNanos() {
		return 0;
	}

}
