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

package dev.leader.fencing;

import java.util.OptionalLong;

/**
 * The highest fencing token a receiver has seen per group. A receiver admits a token that
 * is at least as new as the highest one seen (a leader sends many requests under one
 * token) and refuses an older one: a newer leader has already been heard from, so the
 * sender was superseded.
 * <p>
 * A receiver can only refuse a token it knows to be stale: a late request from a
 * superseded leader that arrives before anything from its successor is admitted. Where
 * that matters, the receiver checks the token against the lease store itself (see
 * {@code LeaderCoordinator#verify}).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see InMemoryFencingTokenRegistry
 */
public interface FencingTokenRegistry {

	/**
	 * Admits {@code value} for {@code group} if no newer token was seen, and records it
	 * as the group's highest when it is newer than the highest seen.
	 * @param group the lease group
	 * @param value the token value
	 * @return the verdict, with the highest token known after the call
	 */
	Admission admit(String group, long value);

	/**
	 * The highest token seen for the group.
	 * @param group the lease group
	 * @return the highest token value, or empty when none was seen
	 */
	OptionalLong highest(String group);

	/**
	 * The verdict on one token.
	 *
	 * @param group the lease group
	 * @param value the token value presented
	 * @param highest the highest token value known for the group after the call (equal to
	 * {@code value} when it was admitted as the newest)
	 */
	record Admission(String group, long value, long highest) {

		/**
		 * Whether the token was admitted: it is not older than the highest seen.
		 * @return {@code true} when admitted
		 */
		public boolean admitted() {
			return this.value >= this.highest;
		}

	}

}
