package dev.leader.docs.http;

import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.http.FencingTokenFilterFunction;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
public class PaymentClients {

	@Bean
	RestClient paymentProvider(RestClient.Builder builder, FencingTokenClientInterceptor fencingToken) {
		return builder.baseUrl("https://payments.example.com")
			.requestInterceptor(fencingToken) // this client only
			.build();
	}

	@Bean
	WebClient ledgerService(WebClient.Builder builder, FencingTokenFilterFunction fencingToken) {
		return builder.baseUrl("https://ledger.example.com").filter(fencingToken).build();
	}

	RestClient withIdempotencyKeys(RestClient.Builder builder) {
		return builder
			.requestInterceptor(FencingTokenClientInterceptor
				.withIdempotencyKey((request) -> request.getHeaders().getFirst("X-Charge-Id")))
			.build();
	}

}
