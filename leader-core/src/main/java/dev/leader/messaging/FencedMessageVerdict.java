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

package dev.leader.messaging;

import org.jspecify.annotations.Nullable;

/**
 * A consumer's verdict on one message's fencing token.
 *
 * @param outcome what the check found
 * @param group the group the token names, or {@code null} when the message carried no
 * readable token
 * @param token the token value the message carried, or {@code 0} without a readable token
 * @param highest the highest token value known for the group after the check, or
 * {@code 0} without a readable token
 * @param delivered whether the message is to be processed (an accepted one, or one
 * without a token when those are accepted)
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record FencedMessageVerdict(Outcome outcome, @Nullable String group, long token, long highest,
		boolean delivered) {

	/**
	 * What a check found.
	 */
	public enum Outcome {

		/** The token is at least as new as any seen for its group. */
		ACCEPTED,

		/** A newer token of the group was seen before: a superseded leader sent it. */
		STALE,

		/** The message carries no {@code Fencing-Token} header. */
		MISSING,

		/**
		 * The header is not {@code <group>:<value>}; such a message is never delivered.
		 */
		INVALID

	}

}
