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
