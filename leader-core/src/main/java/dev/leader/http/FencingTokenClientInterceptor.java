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

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.fencing.FencingTokenHeader;

/**
 * Adds {@code Fencing-Token: <group>:<value>} to requests of a {@code RestClient} or
 * {@code RestTemplate} made inside a leader-only call on the calling thread (the token of
 * {@link LeaderContext#current()}), and optionally an {@code Idempotency-Key} computed
 * from the request. Requests made anywhere else go out unchanged. A header the caller set
 * itself is kept.
 * <p>
 * Apply it to the clients whose receivers check the token:
 * {@code RestClient.builder().requestInterceptor(interceptor)}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see FencingTokenFilterFunction
 */
public final class FencingTokenClientInterceptor implements ClientHttpRequestInterceptor {

	/**
	 * The header that carries an idempotency key.
	 */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final @Nullable Function<HttpRequest, @Nullable String> idempotencyKey;

	/**
	 * An interceptor that adds the fencing token only.
	 */
	public FencingTokenClientInterceptor() {
		this.idempotencyKey = null;
	}

	private FencingTokenClientInterceptor(Function<HttpRequest, @Nullable String> idempotencyKey) {
		this.idempotencyKey = idempotencyKey;
	}

	/**
	 * An interceptor that also adds an {@code Idempotency-Key} to the requests it adds a
	 * token to. Derive the key from what the request does (for example the subscription
	 * and period it charges), never from the token: a new leader that repeats the request
	 * must send the same key.
	 * @param idempotencyKey the key of a request, or {@code null} for none
	 * @return a new interceptor
	 */
	public static FencingTokenClientInterceptor withIdempotencyKey(
			Function<HttpRequest, @Nullable String> idempotencyKey) {
		return new FencingTokenClientInterceptor(Objects.requireNonNull(idempotencyKey, "idempotencyKey"));
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Optional<FencingToken> token = LeaderContext.current();
		if (token.isPresent()) {
			if (!request.getHeaders().containsHeader(FencingTokenHeader.NAME)) {
				request.getHeaders().set(FencingTokenHeader.NAME, FencingTokenHeader.format(token.get()));
			}
			if (this.idempotencyKey != null && !request.getHeaders().containsHeader(IDEMPOTENCY_KEY)) {
				String key = this.idempotencyKey.apply(request);
				if (key != null) {
					request.getHeaders().set(IDEMPOTENCY_KEY, key);
				}
			}
		}
		return execution.execute(request, body);
	}

}
