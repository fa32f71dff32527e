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
import org.jspecify.annotations.Nullable;

import dev.leader.fencing.FencingTokenHeader;
import dev.leader.http.FencingProblems;

/**
 * {@code POST /charges}: headers {@code Idempotency-Key} and {@code Fencing-Token}
 * ({@code <group>:<value>}), a JSON {@link ChargeCommand} body. Answers 201
 * {@code {"chargeId"}} for a new charge, 200 with the same body for a repeated key, 409
 * for a stale token, 422 for a key reused with other parameters, 400 for a malformed
 * request, 428 without a token. The token is checked by the library's
 * {@code FencingTokenCheck} (in {@link ProviderLedger}); its refusals are RFC 9457
 * problems.
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
			String fencingToken = exchange.getRequestHeaders().getFirst(FencingTokenHeader.NAME);
			ChargeCommand command = this.json.read(exchange, ChargeCommand.class);
			if (key == null || key.isBlank() || command == null || !command.isComplete()) {
				this.json.error(exchange, 400, "required: headers Idempotency-Key and Fencing-Token (<group>:<value>), "
						+ "JSON body {customerId, subscriptionId, period, amountCents, currency}");
				return;
			}
			FencingTokenHeader.Presented presented = presented(fencingToken);
			if (presented != null) {
				this.holds.pass(new HeldCharge(presented.group(), presented.value(), key, command.subscriptionId(),
						command.period(), this.clock.instant()));
			}
			ChargeOutcome outcome = this.ledger.charge(fencingToken, key, command);
			switch (outcome.result()) {
				case CREATED -> this.json.respond(exchange, 201, Map.of("chargeId", chargeIdOf(outcome)));
				case REPLAYED -> this.json.respond(exchange, 200, Map.of("chargeId", chargeIdOf(outcome)));
				case STALE_TOKEN, REFUSED -> this.json.problem(exchange,
						FencingProblems.of(outcome.fencing(), exchange.getRequestURI().getPath()));
				case KEY_REUSED ->
					this.json.error(exchange, 422, "idempotency key '" + key + "' was used for a different charge");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String chargeIdOf(ChargeOutcome outcome) {
		LedgerCharge charge = outcome.charge();
		if (charge == null) {
			throw new IllegalStateException("A " + outcome.result() + " outcome without its charge");
		}
		return charge.chargeId();
	}

	/**
	 * The token a request carries, to describe a held request; the fencing check itself
	 * reads the header again when the request is let go.
	 */
	private static FencingTokenHeader.@Nullable Presented presented(@Nullable String header) {
		if (header == null) {
			return null;
		}
		try {
			return FencingTokenHeader.parse(header);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
