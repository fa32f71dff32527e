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

package dev.leader.boot.actuate;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.leader.messaging.FencedMessageListener;
import dev.leader.messaging.FencedMessageVerdict;

/**
 * Counts the fencing check's verdicts on received messages as
 * {@code leader.fencing.messages}, tagged with the group ({@code none} without a readable
 * token) and the outcome ({@code accepted}, {@code stale}, {@code missing},
 * {@code invalid}). Groups are the senders' lease groups, a fixed set.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class FencedMessageMetrics implements FencedMessageListener {

	private final MeterRegistry registry;

	public FencedMessageMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onVerdict(FencedMessageVerdict verdict) {
		String group = verdict.group();
		Counter.builder("leader.fencing.messages")
			.description("Received messages by the verdict on their fencing token")
			.baseUnit("messages")
			.tag("group", (group != null) ? group : "none")
			.tag("outcome", verdict.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.increment();
	}

}
