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

import java.io.Serializable;

/**
 * The proof of one grant of leadership: the group, the token value that strictly
 * increases every time the group's lease changes hands, and the node that holds it. Side
 * effects that carry a token can be rejected once a newer token exists.
 *
 * @param group the lease group
 * @param value the token value, strictly increasing per group (starts at 1)
 * @param holder the holder: the instance id of the coordinator that was granted the lease
 * (its configured node id, {@code #} and a per-start nonce; see
 * {@link Identifiers#newInstanceId(String)}), or a plain node id
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record FencingToken(String group, long value, String holder) implements Serializable, Comparable<FencingToken> {

	public FencingToken {
		Identifiers.requireValidGroup(group);
		Identifiers.requireValidHolder(holder);
		if (value < 1) {
			throw new IllegalArgumentException("Fencing token value must be positive, was " + value);
		}
	}

	/**
	 * Whether this token is older than {@code other} for the same group.
	 * @param other another token of the same group
	 * @return {@code true} when this token was superseded by {@code other}
	 */
	public boolean isOlderThan(FencingToken other) {
		requireSameGroup(other);
		return this.value < other.value;
	}

	/**
	 * An idempotency key for a side effect performed under this token, for downstream
	 * systems that cannot see the lease store: the same operation under the same token
	 * yields the same key.
	 * <p>
	 * The key contains the token, so it only recognizes retries by the same leader. A
	 * side effect that a new leader may retry after its predecessor made it without
	 * recording it (a charge sent just before a crash) needs a key derived from the
	 * operation alone, such as {@code "charge:" + subscriptionId + ":" + period}, sent
	 * along with the token; otherwise the receiver sees two different keys and acts
	 * twice.
	 * @param operation a stable name of the operation, such as
	 * {@code "charge:customer-42"}
	 * @return the key
	 */
	public String idempotencyKey(String operation) {
		if (operation == null || operation.isBlank()) {
			throw new IllegalArgumentException("Operation must not be empty");
		}
		return this.group + ":" + this.value + ":" + operation;
	}

	@Override
	public int compareTo(FencingToken other) {
		requireSameGroup(other);
		return Long.compare(this.value, other.value);
	}

	private void requireSameGroup(FencingToken other) {
		if (!this.group.equals(other.group)) {
			throw new IllegalArgumentException(
					"Tokens of different groups are not comparable: " + this.group + " and " + other.group);
		}
	}

	@Override
	public String toString() {
		return this.group + "#" + this.value + "@" + this.holder;
	}

}
