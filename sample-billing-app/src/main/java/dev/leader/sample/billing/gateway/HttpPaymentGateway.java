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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.sample.billing.BillingProperties;

/**
 * The payment provider over HTTP, at {@code billing.gateway.url}: {@code POST /charges}
 * with the headers {@code Idempotency-Key} and {@code Fencing-Token}
 * ({@code <group>:<value>}). 201 is a new charge, 200 the earlier charge of a repeated
 * key, 409 a rejected stale token.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class HttpPaymentGateway implements PaymentGateway {

	/** Header carrying the idempotency key. */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Header carrying the fencing token as {@code <group>:<value>}. */
	public static final String FENCING_TOKEN = "Fencing-Token";

	private final URI charges;

	private final BillingProperties.Gateway properties;

	private final JsonMapper json;

	private final HttpClient client;

	public HttpPaymentGateway(BillingProperties properties, JsonMapper json) {
		this.properties = properties.getGateway();
		this.charges = URI.create(this.properties.getUrl().toString().replaceAll("/+$", "") + "/charges");
		this.json = json;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(this.properties.getConnectTimeout())
			.build();
	}

	@Override
	public ProviderCharge charge(ChargeRequest request, String idempotencyKey, FencingToken token)
			throws InterruptedException {
		HttpRequest post = HttpRequest.newBuilder(this.charges)
			.timeout(this.properties.getTimeout())
			.header("Content-Type", "application/json")
			.header(IDEMPOTENCY_KEY, idempotencyKey)
			.header(FENCING_TOKEN, token.group() + ":" + token.value())
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(request)))
			.build();
		HttpResponse<String> response;
		try {
			response = this.client.send(post, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new PaymentGatewayException("Payment provider at " + this.charges + " failed: " + ex, ex);
		}
		return switch (response.statusCode()) {
			case 201 -> new ProviderCharge(chargeId(response), false);
			case 200 -> new ProviderCharge(chargeId(response), true);
			case 409 -> throw new FencingException(token, "the payment provider rejected it (409): " + response.body());
			default -> throw new PaymentGatewayException(
					"Payment provider answered " + response.statusCode() + ": " + response.body());
		};
	}

	private String chargeId(HttpResponse<String> response) {
		JsonNode body = this.json.readTree(response.body());
		JsonNode chargeId = body.get("chargeId");
		if (chargeId == null || !chargeId.isString()) {
			throw new PaymentGatewayException("Payment provider answered without a chargeId: " + response.body());
		}
		return chargeId.asString();
	}

}
