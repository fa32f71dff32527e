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
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;

/**
 * Fault injection over HTTP: {@code POST /simulator/hold[?count=n]} holds the next charge
 * requests, {@code GET /simulator/held} lists the held ones,
 * {@code POST /simulator/release} lets them go on.
 *
 * @author leader-spring-boot-starter
 */
final class HoldsHandler implements HttpHandler {

	private final ChargeHolds holds;

	private final JsonExchanges json;

	HoldsHandler(ChargeHolds holds, JsonExchanges json) {
		this.holds = holds;
		this.json = json;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
			switch (route) {
				case "POST /simulator/hold" -> {
					Integer count = count(exchange.getRequestURI().getQuery());
					if (count == null) {
						this.json.error(exchange, 400, "count must be a positive number");
						return;
					}
					this.holds.arm(count);
					this.json.respond(exchange, 200, Map.of("armed", count));
				}
				case "GET /simulator/held" -> this.json.respond(exchange, 200, this.holds.held());
				case "POST /simulator/release" ->
					this.json.respond(exchange, 200, Map.of("released", this.holds.release()));
				default -> this.json.error(exchange, 404,
						"POST /simulator/hold[?count=n], GET /simulator/held or POST /simulator/release");
			}
		}
	}

	/**
	 * The {@code count} query parameter: 1 when absent, {@code null} when invalid.
	 */
	private static @Nullable Integer count(@Nullable String query) {
		if (query == null || !query.startsWith("count=")) {
			return 1;
		}
		try {
			int count = Integer.parseInt(query.substring("count=".length()));
			return (count > 0) ? count : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
