package dev.leader.docs.messaging;

import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

// application.properties: leader.fencing.messages.receive.rabbit-listeners=true
@Component
public class LedgerConsumer {

	@RabbitListener(queues = "ledger.period-closed")
	public void onPeriodClosed(String period) {
		// Only messages whose token is not older than the newest one seen for their group
		// get here; a superseded leader's late message was acknowledged and dropped.
		closeBooks(period);
	}

	private void closeBooks(String period) {
	}

}
