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

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.leader.LeaderOnly;

@Component
public class LedgerPublisher {

	private final RabbitTemplate rabbit;

	public LedgerPublisher(RabbitTemplate rabbit) {
		this.rabbit = rabbit;
	}

	@LeaderOnly("ledger")
	@Scheduled(fixedDelay = 60_000)
	public void publishClosedPeriod() {
		String period = "2026-12";
		// The auto-configured RabbitTemplate adds "Fencing-Token: ledger:<value>" itself.
		this.rabbit.convertAndSend("ledger", "period.closed", period, (message) -> {
			// Lets the consumer recognize the next leader's retry (its token differs).
			message.getMessageProperties().setHeader("Idempotency-Key", "close-period:" + period);
			return message;
		});
	}

}
