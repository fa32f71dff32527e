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
