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

package dev.leader.sample.billing.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small JSON-over-HTTP client for the demo and the tests.
 *
 * @author leader-spring-boot-starter
 */
final class JsonHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	<T> T get(URI uri, Class<T> type) {
		return this.json.readValue(send(HttpRequest.newBuilder(uri).GET(), uri), type);
	}

	<T> T get(URI uri, TypeReference<T> type) {
		return this.json.readValue(send(HttpRequest.newBuilder(uri).GET(), uri), type);
	}

	<T> T post(URI uri, Class<T> type) {
		return this.json.readValue(send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), uri),
				type);
	}

	/**
	 * Whether {@code GET uri} answers 200.
	 */
	boolean isOk(URI uri) {
		try {
			return this.client
				.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private String send(HttpRequest.Builder request, URI uri) {
		try {
			HttpResponse<String> response = this.client.send(request.timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(uri + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling " + uri, ex);
		}
	}

}
