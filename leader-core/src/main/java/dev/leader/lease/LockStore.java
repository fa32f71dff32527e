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

package dev.leader.lease;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The lock operations a store offers for ShedLock's {@code LockProvider}
 * ({@link dev.leader.shedlock.LeaseLockProvider}): a lock is a lease that even its holder
 * cannot take again while it is held, and that may stay held for a while after it ends. A
 * store implements it besides {@link LeaseStore}, on the same rows, so that locks get
 * fencing tokens too.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface LockStore {

	/**
	 * Acquire the group's lease only when it is free or expired, even for the node that
	 * holds it now: a lock, in ShedLock's sense. Advances the group's fencing token.
	 * @param group the group (lock name)
	 * @param holder the node acquiring
	 * @param leaseDuration how long the lease lasts from now in store time
	 * @param timeout the longest the call may take
	 * @return the new token, or empty when the lease is held (by any node)
	 */
	OptionalLong acquireExclusive(String group, String holder, Duration leaseDuration, Duration timeout);

	/**
	 * Extend the lease when {@code holder} still holds it with {@code token} and it has
	 * not expired. The token is kept.
	 * @param group the group
	 * @param holder the holder
	 * @param token the holder's token
	 * @param leaseDuration how long the lease lasts from now in store time
	 * @param timeout the longest the call may take
	 * @return {@code true} when renewed, {@code false} when the lease was lost
	 */
	boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout);

	/**
	 * End a lock, but keep it held until at least {@code holdSinceRenewal} after its last
	 * acquisition or renewal (store time): ShedLock's lock-at-least-for. Does nothing
	 * when the lease has already expired or changed hands.
	 * @param group the group (lock name)
	 * @param holder the holder
	 * @param token the holder's token
	 * @param holdSinceRenewal how long after the last acquisition or renewal the lock
	 * stays held; zero frees it now
	 * @param timeout the longest the call may take
	 * @return {@code true} when this holder's lease was ended or shortened
	 */
	boolean unlock(String group, String holder, long token, Duration holdSinceRenewal, Duration timeout);

}
