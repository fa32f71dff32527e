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

package dev.leader.sample.billing.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.sample.billing.BillingProperties;

/**
 * The payment provider over HTTP, at {@code billing.gateway.url}: {@code POST /charges}
 * with the headers {@code Idempotency-Key} and {@code Fencing-Token}
 * ({@code <group>:<value>}). 201 is a new charge, 200 the earlier charge of a repeated
 * key, 409 a rejected stale token.
 * <p>
 * The token header is added by the starter's {@link FencingTokenClientInterceptor} from
 * the leader-only call this gateway is used in; this client is the only one it is applied
 * to. Called outside a leader-only call, a request carries no token and the provider
 * refuses it.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class HttpPaymentGateway implements PaymentGateway {

	/** Header carrying the idempotency key. */
	public static final String IDEMPOTENCY_KEY = FencingTokenClientInterceptor.IDEMPOTENCY_KEY;

	private final URI charges;

	private final JsonMapper json;

	private final RestClient client;

	public HttpPaymentGateway(BillingProperties properties, JsonMapper json,
			FencingTokenClientInterceptor fencingToken) {
		BillingProperties.Gateway gateway = properties.getGateway();
		this.charges = URI.create(gateway.getUrl().toString().replaceAll("/+$", "") + "/charges");
		this.json = json;
		// HttpURLConnection keeps connections alive and answers a small POST with no
		// extra hops; the JDK HttpClient factory halved the demo's charge rate.
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(gateway.getConnectTimeout());
		requests.setReadTimeout(gateway.getTimeout());
		this.client = RestClient.builder().requestFactory(requests).requestInterceptor(fencingToken).build();
	}

	@Override
	public ProviderCharge charge(ChargeRequest request, String idempotencyKey, FencingToken token)
			throws InterruptedException {
		Answer answer;
		try {
			answer = this.client.post()
				.uri(this.charges)
				.contentType(MediaType.APPLICATION_JSON)
				.header(IDEMPOTENCY_KEY, idempotencyKey)
				.body(this.json.writeValueAsString(request))
				.exchange((post, response) -> new Answer(response.getStatusCode().value(),
						StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8)));
		}
		catch (ResourceAccessException ex) {
			if (Thread.interrupted()) {
				InterruptedException interrupted = new InterruptedException("Charge request interrupted");
				interrupted.initCause(ex);
				throw interrupted;
			}
			throw new PaymentGatewayException("Payment provider at " + this.charges + " failed: " + ex, ex);
		}
		return switch (answer.status()) {
			case 201 -> new ProviderCharge(chargeId(answer.body()), false);
			case 200 -> new ProviderCharge(chargeId(answer.body()), true);
			case 409 -> throw new FencingException(token, "the payment provider rejected it (409): " + answer.body());
			default -> throw new PaymentGatewayException(
					"Payment provider answered " + answer.status() + ": " + answer.body());
		};
	}

	private String chargeId(String body) {
		JsonNode chargeId = this.json.readTree(body).get("chargeId");
		if (chargeId == null || !chargeId.isString()) {
			throw new PaymentGatewayException("Payment provider answered without a chargeId: " + body);
		}
		return chargeId.asString();
	}

	private record Answer(int status, String body) {

	}

}
