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

import java.util.Collections;
import java.util.List;
import java.util.Objects;

import reactor.core.publisher.Mono;

import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.leader.fencing.FencingTokenCheck;
import dev.leader.fencing.FencingTokenHeader;
import dev.leader.fencing.FencingVerdict;

/**
 * WebFlux adapter of {@link FencingTokenCheck}: checks the {@code Fencing-Token} of
 * requests to the {@link FencedPaths fenced paths}, and answers a refusal with an RFC
 * 9457 problem ({@code application/problem+json}) written by the application's codecs.
 * <p>
 * The registry is called on the thread that runs the filter: a blocking registry (JDBC)
 * blocks that event-loop thread for one statement per request; use the in-memory
 * registry, or a scheduler of your own, where that matters.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencingTokenWebFilter implements WebFilter {

	private final FencingTokenCheck check;

	private final FencedPaths paths;

	private final List<HttpMessageWriter<?>> writers;

	/**
	 * A filter.
	 * @param check the rule
	 * @param paths the paths whose requests are checked
	 * @param writers the writers to write problems with (typically the application's
	 * {@code ServerCodecConfigurer#getWriters()}); one must write {@link ProblemDetail}
	 * as {@code application/problem+json}
	 */
	public FencingTokenWebFilter(FencingTokenCheck check, FencedPaths paths, List<HttpMessageWriter<?>> writers) {
		this.check = Objects.requireNonNull(check, "check");
		this.paths = Objects.requireNonNull(paths, "paths");
		this.writers = List.copyOf(writers);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (this.paths.isEmpty() || !this.paths.matches(request.getPath().pathWithinApplication())) {
			return chain.filter(exchange);
		}
		FencingVerdict verdict = this.check.check(request.getHeaders().getFirst(FencingTokenHeader.NAME));
		if (!verdict.refused()) {
			return chain.filter(exchange);
		}
		return refuse(exchange, verdict);
	}

	@SuppressWarnings("unchecked")
	private Mono<Void> refuse(ServerWebExchange exchange, FencingVerdict verdict) {
		ProblemDetail problem = FencingProblems.of(verdict, exchange.getRequest().getPath().value());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(verdict.status()));
		ResolvableType type = ResolvableType.forClass(ProblemDetail.class);
		for (HttpMessageWriter<?> writer : this.writers) {
			if (writer.canWrite(type, MediaType.APPLICATION_PROBLEM_JSON)) {
				return ((HttpMessageWriter<ProblemDetail>) writer).write(Mono.just(problem), type,
						MediaType.APPLICATION_PROBLEM_JSON, response, Collections.emptyMap());
			}
		}
		return Mono.error(new IllegalStateException(
				"No codec writes " + MediaType.APPLICATION_PROBLEM_JSON + " to refuse: " + problem));
	}

}
