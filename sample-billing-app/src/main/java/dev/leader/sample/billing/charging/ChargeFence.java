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

package dev.leader.sample.billing.charging;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderStoreException;

/**
 * The check at the start of the charge transaction that the token may still write: the
 * last of the three levels of fencing, after {@code verify} and the payment provider.
 * Which one runs depends on the leader store ({@link ChargeFenceConfiguration}): on the
 * JDBC store the fencing guard locks the lease row ({@link GuardChargeFence}); on any
 * other store, such as etcd, the token is admitted in the database's token registry and
 * verified with the store ({@link RegistryChargeFence}).
 *
 * @author leader-spring-boot-starter
 */
public interface ChargeFence {

	/**
	 * Check the token inside the caller's Spring-managed transaction, before its writes.
	 * What the check locks stays locked until that transaction ends.
	 * @param token the token the writes are made under
	 * @throws FencingException when the token is stale (nothing may be written)
	 * @throws LeaderStoreException when the check cannot be made
	 * @throws IllegalStateException when no transaction is active
	 */
	void check(FencingToken token);

}
