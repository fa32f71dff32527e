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

package dev.leader.sample.billing.provider;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * {@code POST /charges}: headers {@code Idempotency-Key} and {@code Fencing-Token}
 * ({@code <group>:<value>}), a JSON {@link ChargeCommand} body. Answers 201
 * {@code {"chargeId"}} for a new charge, 200 with the same body for a repeated key, 409
 * for a stale token, 422 for a key reused with other parameters, 400 for a malformed
 * request.
 *
 * @author leader-spring-boot-starter
 */
final class ChargesHandler implements HttpHandler {

	private final ProviderLedger ledger;

	private final ChargeHolds holds;

	private final JsonExchanges json;

	private final Clock clock;

	ChargesHandler(ProviderLedger ledger, ChargeHolds holds, JsonExchanges json, Clock clock) {
		this.ledger = ledger;
		this.holds = holds;
		this.json = json;
		this.clock = clock;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod()) || !"/charges".equals(exchange.getRequestURI().getPath())) {
				this.json.error(exchange, 404, "POST /charges only");
				return;
			}
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			FencingHeader fencing = FencingHeader.parse(exchange.getRequestHeaders().getFirst("Fencing-Token"));
			ChargeCommand command = this.json.read(exchange, ChargeCommand.class);
			if (key == null || key.isBlank() || fencing == null || command == null || !command.isComplete()) {
				this.json.error(exchange, 400, "required: headers Idempotency-Key and Fencing-Token (<group>:<value>), "
						+ "JSON body {customerId, subscriptionId, period, amountCents, currency}");
				return;
			}
			this.holds.pass(new HeldCharge(fencing.group(), fencing.value(), key, command.subscriptionId(),
					command.period(), this.clock.instant()));
			ChargeOutcome outcome = this.ledger.charge(fencing.group(), fencing.value(), key, command);
			switch (outcome.result()) {
				case CREATED -> this.json.respond(exchange, 201, Map.of("chargeId", outcome.charge().chargeId()));
				case REPLAYED -> this.json.respond(exchange, 200, Map.of("chargeId", outcome.charge().chargeId()));
				case STALE_TOKEN -> this.json.error(exchange, 409, "fencing token " + fencing.value() + " of group '"
						+ fencing.group() + "' is stale: token " + outcome.latestToken() + " was seen");
				case KEY_REUSED ->
					this.json.error(exchange, 422, "idempotency key '" + key + "' was used for a different charge");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The {@code Fencing-Token} header: the group, a colon and the value (groups may
	 * contain colons themselves).
	 */
	record FencingHeader(String group, long value) {

		static FencingHeader parse(String header) {
			if (header == null) {
				return null;
			}
			int colon = header.lastIndexOf(':');
			if (colon <= 0) {
				return null;
			}
			try {
				return new FencingHeader(header.substring(0, colon), Long.parseLong(header.substring(colon + 1)));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

	}

}
