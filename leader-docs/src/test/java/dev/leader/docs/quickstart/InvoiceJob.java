package dev.leader.docs.quickstart;

import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class InvoiceJob {

	private final Invoices invoices;

	public InvoiceJob(Invoices invoices) {
		this.invoices = invoices;
	}

	@LeaderOnly("invoicing") // only the node leading group "invoicing" runs it
	@Scheduled(fixedDelayString = "${invoicing.interval:1m}")
	public void issueDueInvoices() {
		this.invoices.issueDue(LeaderContext.require()); // this node's fencing token
	}

}
