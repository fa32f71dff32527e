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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.leader.Identifiers;

/**
 * A {@link FencingTokenRegistry} for a receiver that runs as a single instance: the
 * high-water marks live in this JVM and are lost when it stops. Several instances of a
 * receiving service need a shared registry instead.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class InMemoryFencingTokenRegistry implements FencingTokenRegistry {

	private final ConcurrentMap<String, Long> highest = new ConcurrentHashMap<>();

	@Override
	public Admission admit(String group, long value) {
		Identifiers.requireValidGroup(group);
		requirePositive(value);
		long known = this.highest.merge(group, value, Math::max);
		return new Admission(group, value, known);
	}

	@Override
	public OptionalLong highest(String group) {
		Long known = this.highest.get(group);
		return (known != null) ? OptionalLong.of(known) : OptionalLong.empty();
	}

	static void requirePositive(long value) {
		if (value < 1) {
			throw new IllegalArgumentException("Fencing token value must be positive, was " + value);
		}
	}

}
