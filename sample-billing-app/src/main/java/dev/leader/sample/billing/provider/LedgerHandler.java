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

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The provider's books: {@code GET /ledger} ({@link LedgerReport}),
 * {@code GET /ledger/charges} (every {@link LedgerCharge}) and
 * {@code GET /ledger/rejections} (every {@link Rejection}).
 *
 * @author leader-spring-boot-starter
 */
final class LedgerHandler implements HttpHandler {

	private final ProviderLedger ledger;

	private final ChargeHolds holds;

	private final JsonExchanges json;

	LedgerHandler(ProviderLedger ledger, ChargeHolds holds, JsonExchanges json) {
		this.ledger = ledger;
		this.holds = holds;
		this.json = json;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			if (!"GET".equals(exchange.getRequestMethod())) {
				this.json.error(exchange, 405, "GET only");
			}
			else if ("/ledger".equals(path)) {
				this.json.respond(exchange, 200, this.ledger.report(this.holds.held().size()));
			}
			else if ("/ledger/charges".equals(path)) {
				this.json.respond(exchange, 200, this.ledger.charges());
			}
			else if ("/ledger/rejections".equals(path)) {
				this.json.respond(exchange, 200, this.ledger.rejections());
			}
			else {
				this.json.error(exchange, 404, "GET /ledger, /ledger/charges or /ledger/rejections");
			}
		}
	}

}
