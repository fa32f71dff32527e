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

package dev.leader.bench.jmh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.http.FencingTokenClientInterceptor;

/**
 * What the client interceptor adds to a request made inside a leader-only call (a token
 * bound to the benchmark thread, as {@code @LeaderOnly} binds it):
 * <ul>
 * <li>{@code interceptorAlone}: the interceptor in front of an execution that does
 * nothing, so the score is its own cost (read the token, format and set the header);
 * {@code interceptorOutsideLeaderCall} the same without a bound token;</li>
 * <li>{@code restClientWithInterceptor} / {@code restClientWithout}: a whole
 * {@code RestClient} POST to a JDK HTTP server on the loopback interface that answers
 * 204, with and without the interceptor.</li>
 * </ul>
 *
 * @author leader-spring-boot-starter
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpFencingBenchmark {

	private static final FencingToken TOKEN = new FencingToken("billing", 42, "node-a");

	@SuppressWarnings("NullAway") // the interceptor under test never reads the response
	private static final ClientHttpRequestExecution NOTHING = (request, body) -> null;

	private final FencingTokenClientInterceptor interceptor = new FencingTokenClientInterceptor();

	private HttpServer server;

	private RestClient with;

	private RestClient without;

	private URI uri;

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				exchange.sendResponseHeaders(204, -1);
			}
		});
		this.server.start();
		this.uri = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/charges");
		this.with = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(this.interceptor)
			.build();
		this.without = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.server.stop(0);
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Benchmark
	public ClientHttpResponse interceptorAlone() throws IOException {
		try (LeaderContext.Scope scope = LeaderContext.bind(TOKEN)) {
			return this.interceptor.intercept(new Request(), new byte[0], NOTHING);
		}
	}

	@Benchmark
	public ClientHttpResponse interceptorOutsideLeaderCall() throws IOException {
		return this.interceptor.intercept(new Request(), new byte[0], NOTHING);
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Benchmark
	public Object restClientWithInterceptor() {
		try (LeaderContext.Scope scope = LeaderContext.bind(TOKEN)) {
			return this.with.post().uri(this.uri).body("{}").retrieve().toBodilessEntity();
		}
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Benchmark
	public Object restClientWithout() {
		try (LeaderContext.Scope scope = LeaderContext.bind(TOKEN)) {
			return this.without.post().uri(this.uri).body("{}").retrieve().toBodilessEntity();
		}
	}

	/**
	 * A request with fresh headers, as each RestClient request has.
	 */
	private static final class Request implements HttpRequest {

		private final HttpHeaders headers = new HttpHeaders();

		@Override
		public HttpMethod getMethod() {
			return HttpMethod.POST;
		}

		@Override
		public URI getURI() {
			return URI.create("http://127.0.0.1/charges");
		}

		@Override
		public Map<String, Object> getAttributes() {
			return Map.of();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

}
