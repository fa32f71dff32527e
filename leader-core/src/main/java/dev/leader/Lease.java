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
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A group's lease as the store sees it. All instants are store time.
 *
 * @param group the lease group
 * @param holder the node holding the lease, or {@code null} when it was released
 * @param token the latest fencing token of the group (kept after release and expiry)
 * @param acquiredAt when the current holder acquired the lease
 * @param renewedAt when the current holder last renewed the lease
 * @param expiresAt when the lease expires unless renewed
 * @param storeTime the store's clock when the lease was read
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record Lease(String group, @Nullable String holder, long token, @Nullable Instant acquiredAt,
		@Nullable Instant renewedAt, @Nullable Instant expiresAt, Instant storeTime) {

	/**
	 * Whether a node held the lease when it was read.
	 * @return {@code true} when held and not expired at {@link #storeTime()}
	 */
	public boolean isActive() {
		return this.holder != null && this.expiresAt != null && this.expiresAt.isAfter(this.storeTime);
	}

	/**
	 * The holder of an active lease.
	 * @return the holder, or empty when the lease is released or expired
	 */
	public Optional<String> activeHolder() {
		String current = this.holder;
		return (isActive() && current != null) ? Optional.of(current) : Optional.empty();
	}

	/**
	 * The fencing token of an active lease.
	 * @return the token, or empty when the lease is released or expired
	 */
	public Optional<FencingToken> activeToken() {
		String current = this.holder;
		return (isActive() && current != null) ? Optional.of(new FencingToken(this.group, this.token, current))
				: Optional.empty();
	}

	/**
	 * Check that {@code token} is this lease's current token: same group, same holder,
	 * same value, and not expired.
	 * @param token the token to check
	 * @throws FencingException when it is not
	 */
	public void requireCurrent(FencingToken token) {
		if (!this.group.equals(token.group())) {
			throw new IllegalArgumentException("Token " + token + " does not belong to group '" + this.group + "'");
		}
		if (this.token != token.value()) {
			throw new FencingException(token, "the group's current token is " + this.token);
		}
		if (!token.holder().equals(this.holder)) {
			throw new FencingException(token, "the lease was released");
		}
		if (!isActive()) {
			throw new FencingException(token,
					"the lease expired at " + this.expiresAt + " (store time now " + this.storeTime + ")");
		}
	}

}
