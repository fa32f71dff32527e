package dev.leader.sample.billing.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the JSON bodies of the simulator's exchanges.
 *
 * @author leader-spring-boot-starter
 */
final class JsonExchanges {

	private final JsonMapper json;

	JsonExchanges(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Read the request body.
	 * @return the body, or {@code null} when it is not valid JSON of that type
	 */
	<T> T read(HttpExchange exchange, Class<T> type) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			return this.json.readValue(body.readAllBytes(), type);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	void respond(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	void error(HttpExchange exchange, int status, String message) throws IOException {
		respond(exchange, status, Map.of("error", message));
	}

}
