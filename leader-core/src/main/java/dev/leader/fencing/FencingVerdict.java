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

import org.jspecify.annotations.Nullable;

/**
 * What a receiver makes of a request's {@value FencingTokenHeader#NAME} header: let it
 * through, or refuse it with an HTTP status and a message that names the group and the
 * tokens. Adapters turn a refusal into their framework's response (an RFC 9457 problem).
 *
 * @param outcome the outcome
 * @param group the group of the presented token, or of the endpoint when no token was
 * presented; {@code null} when neither is known
 * @param token the presented token value, or {@code null} when none could be read
 * @param currentToken the highest token known for the group after the check, or
 * {@code null} when none is known
 * @param detail a sentence that explains the verdict
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record FencingVerdict(Outcome outcome, @Nullable String group, @Nullable Long token, @Nullable Long currentToken,
		String detail) {

	/**
	 * Whether the request must be refused.
	 * @return {@code true} for every outcome but {@link Outcome#ADMITTED} and
	 * {@link Outcome#NOT_PRESENTED}
	 */
	public boolean refused() {
		return this.outcome.status != 0;
	}

	/**
	 * The HTTP status of a refusal.
	 * @return 409, 400 or 428; 0 when the request is let through
	 */
	public int status() {
		return this.outcome.status;
	}

	/**
	 * A short, fixed summary of the outcome, for a problem's {@code title}.
	 * @return the title
	 */
	public String title() {
		return this.outcome.title;
	}

	/**
	 * The possible outcomes.
	 */
	public enum Outcome {

		/** The token is not older than the highest one seen: let the request through. */
		ADMITTED(0, "Fencing token admitted"),

		/** No header, and the receiver does not require one: let the request through. */
		NOT_PRESENTED(0, "No fencing token"),

		/** A newer token of the group was seen: the sender was superseded (409). */
		STALE(409, "Stale fencing token"),

		/** The header is not {@code <group>:<value>} (400). */
		MALFORMED(400, "Malformed fencing token"),

		/** The token belongs to another group than the endpoint's (400). */
		WRONG_GROUP(400, "Fencing token of another group"),

		/** No header, and the receiver requires one (428 Precondition Required). */
		MISSING(428, "Fencing token required");

		private final int status;

		private final String title;

		Outcome(int status, String title) {
			this.status = status;
			this.title = title;
		}

	}

}
