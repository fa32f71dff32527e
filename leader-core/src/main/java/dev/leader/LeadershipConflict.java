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

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A duplicate-leader finding: what the nodes published that they believe contradicts
 * itself or the store. Found by comparing, in store time, the beliefs every node
 * publishes with its regular store traffic (see {@code docs/operations.md}).
 *
 * @param group the group
 * @param kind what was found
 * @param believers the instances whose valid beliefs were involved, with their tokens
 * @param storeToken the group's token in the store at that moment, or {@code null} when
 * the group has no lease
 * @param detectedAt when this node found it
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record LeadershipConflict(String group, Kind kind, List<Believer> believers, @Nullable Long storeToken,
		Instant detectedAt) {

	/**
	 * A finding with an immutable copy of the believers.
	 * @param group the group
	 * @param kind what was found
	 * @param believers the instances involved
	 * @param storeToken the store's token, or {@code null}
	 * @param detectedAt when it was found
	 */
	public LeadershipConflict {
		believers = List.copyOf(believers);
	}

	/**
	 * A short description for logs and health details.
	 * @return the description
	 */
	public String describe() {
		StringBuilder text = new StringBuilder(this.kind.tag()).append(" in group '").append(this.group).append("': ");
		for (int i = 0; i < this.believers.size(); i++) {
			Believer believer = this.believers.get(i);
			text.append((i > 0) ? ", " : "")
				.append(believer.instanceId())
				.append(" believes it leads with token ")
				.append(believer.token());
		}
		text.append("; the store's token is ").append((this.storeToken != null) ? this.storeToken : "none");
		return text.toString();
	}

	/**
	 * An instance that believed it led the group, and with which token.
	 *
	 * @param instanceId the instance
	 * @param token its token
	 */
	public record Believer(String instanceId, long token) {

	}

	/**
	 * What a finding is.
	 */
	public enum Kind {

		/**
		 * Two instances' valid beliefs overlap for one group.
		 */
		TWO_BELIEVERS("two-believers"),

		/**
		 * An instance believes in a token that is no longer the store's.
		 */
		STALE_BELIEF("stale-belief");

		private final String tag;

		Kind(String tag) {
			this.tag = tag;
		}

		/**
		 * The name used as the {@code kind} tag of the {@code leader.conflicts} meter.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
