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

package dev.leader.docs.http;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.http.FencingTokenFilterFunction;

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
