package dev.leader.docs.messaging;

import dev.leader.messaging.FencedMessageSelector;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;

@Configuration(proxyBeanMethods = false)
public class LedgerFlow {

	@Bean
	IntegrationFlow closedPeriods(FencedMessageSelector fencedMessageSelector) {
		return IntegrationFlow.from("ledgerEvents")
			.filter(fencedMessageSelector, (filter) -> filter.discardChannel("staleLedgerEvents"))
			.handle((period, headers) -> {
				// closes the books for the period
				return null;
			})
			.get();
	}

}
