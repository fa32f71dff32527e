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

package dev.leader.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.fencing.FencingTokenHeader;

/**
 * Adds {@code Fencing-Token: <group>:<value>} to {@code WebClient} requests made inside a
 * leader-only call, and optionally an {@code Idempotency-Key} computed from the request.
 * The token is read from {@link LeaderContext#current()} on the thread that subscribes to
 * the request: the calling thread for {@code block()} and for requests subscribed inside
 * the leader-only method. A pipeline subscribed on another thread sees the token only
 * when context propagation carries {@code LeaderContext} there.
 * <p>
 * Apply it to the clients whose receivers check the token:
 * {@code WebClient.builder().filter(filter)}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see FencingTokenClientInterceptor
 */
public final class FencingTokenFilterFunction implements ExchangeFilterFunction {

	private final @Nullable Function<ClientRequest, @Nullable String> idempotencyKey;

	/**
	 * A filter that adds the fencing token only.
	 */
	public FencingTokenFilterFunction() {
		this.idempotencyKey = null;
	}

	private FencingTokenFilterFunction(Function<ClientRequest, @Nullable String> idempotencyKey) {
		this.idempotencyKey = idempotencyKey;
	}

	/**
	 * A filter that also adds an {@code Idempotency-Key} to the requests it adds a token
	 * to. Derive the key from what the request does, never from the token.
	 * @param idempotencyKey the key of a request, or {@code null} for none
	 * @return a new filter
	 */
	public static FencingTokenFilterFunction withIdempotencyKey(
			Function<ClientRequest, @Nullable String> idempotencyKey) {
		return new FencingTokenFilterFunction(Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		Optional<FencingToken> token = LeaderContext.current();
		if (token.isEmpty()) {
			return next.exchange(request);
		}
		String key = (this.idempotencyKey != null) ? this.idempotencyKey.apply(request) : null;
		ClientRequest fenced = ClientRequest.from(request).headers((headers) -> {
			if (!headers.containsHeader(FencingTokenHeader.NAME)) {
				headers.set(FencingTokenHeader.NAME, FencingTokenHeader.format(token.get()));
			}
			if (key != null && !headers.containsHeader(FencingTokenClientInterceptor.IDEMPOTENCY_KEY)) {
				headers.set(FencingTokenClientInterceptor.IDEMPOTENCY_KEY, key);
			}
		}).build();
		return next.exchange(fenced);
	}

}
