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

package dev.leader.docs.messaging;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

import dev.leader.LeaderOnly;
import dev.leader.messaging.MessageFencing;

@Component
public class LedgerEvents {

	private final MessageChannel ledgerEvents;

	public LedgerEvents(MessageChannel ledgerEvents) {
		this.ledgerEvents = ledgerEvents;
	}

	@LeaderOnly("ledger")
	public void periodClosed(String period) {
		// Adds "Fencing-Token: ledger:<value>" of this leader-only call.
		this.ledgerEvents.send(MessageFencing.withToken(MessageBuilder.withPayload(period).build()));
	}

}
