package dev.leader.docs.messaging;

import dev.leader.LeaderOnly;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

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
