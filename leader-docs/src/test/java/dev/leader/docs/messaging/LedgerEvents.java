package dev.leader.docs.messaging;

import dev.leader.LeaderOnly;
import dev.leader.messaging.MessageFencing;

import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

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
