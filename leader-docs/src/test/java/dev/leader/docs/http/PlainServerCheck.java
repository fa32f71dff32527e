package dev.leader.docs.http;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import dev.leader.fencing.FencingTokenCheck;
import dev.leader.fencing.FencingTokenHeader;
import dev.leader.fencing.FencingVerdict;
import dev.leader.fencing.InMemoryFencingTokenRegistry;

public class PlainServerCheck implements HttpHandler {

	private final FencingTokenCheck fencing = new FencingTokenCheck(new InMemoryFencingTokenRegistry(), true);

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		FencingVerdict verdict = this.fencing.check(exchange.getRequestHeaders().getFirst(FencingTokenHeader.NAME));
		if (verdict.refused()) { // 409 stale, 400 malformed, 428 missing
			exchange.sendResponseHeaders(verdict.status(), -1);
			return;
		}
		// ... perform the effect
	}

}
