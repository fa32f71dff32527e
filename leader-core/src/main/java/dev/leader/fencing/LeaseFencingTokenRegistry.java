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

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

import dev.leader.Identifiers;
import dev.leader.LeaderCoordinator;
import dev.leader.Lease;

/**
 * A {@link FencingTokenRegistry} for receivers that can reach the lease store: each
 * admission reads the group's lease (one round trip, {@link LeaderCoordinator#lease}) and
 * refuses a token older than the store's current one. Unlike a high-water mark it refuses
 * a superseded leader's late request even before anything from its successor arrived. It
 * cannot tell a paused holder of an expired lease (same token, no successor yet) from a
 * live one: that is what {@link LeaderCoordinator#verify} is for, when the receiver knows
 * the holder.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaseFencingTokenRegistry implements FencingTokenRegistry {

	private final LeaderCoordinator coordinator;

	/**
	 * A registry that asks the store through the given coordinator.
	 * @param coordinator a coordinator of the store the senders lease from
	 */
	public LeaseFencingTokenRegistry(LeaderCoordinator coordinator) {
		this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
	}

	@Override
	public Admission admit(String group, long value) {
		Identifiers.requireValidGroup(group);
		InMemoryFencingTokenRegistry.requirePositive(value);
		long current = highest(group).orElse(0);
		return new Admission(group, value, Math.max(current, value));
	}

	@Override
	public OptionalLong highest(String group) {
		Optional<Lease> lease = this.coordinator.lease(group);
		return lease.isPresent() ? OptionalLong.of(lease.get().token()) : OptionalLong.empty();
	}

}
