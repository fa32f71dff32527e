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

package dev.leader.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON of a {@link HistoryLog}: an array of flat objects whose values are strings,
 * integers or {@code null}. Enough for the log, so that leader-core needs no JSON
 * library.
 *
 * @author leader-spring-boot-starter
 */
final class HistoryJson {

	private final String text;

	private int position;

	private HistoryJson(String text) {
		this.text = text;
	}

	static void field(StringBuilder json, String name, @Nullable String value) {
		json.append(",\"").append(name).append("\":");
		if (value == null) {
			json.append("null");
			return;
		}
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

	static List<Map<String, @Nullable Object>> parse(String text) {
		HistoryJson parser = new HistoryJson(text);
		List<Map<String, @Nullable Object>> objects = new ArrayList<>();
		parser.expect('[');
		if (!parser.consume(']')) {
			do {
				objects.add(parser.object());
			}
			while (parser.consume(','));
			parser.expect(']');
		}
		parser.skipSpace();
		if (parser.position != text.length()) {
			throw parser.error("end of input");
		}
		return objects;
	}

	private Map<String, @Nullable Object> object() {
		Map<String, @Nullable Object> object = new LinkedHashMap<>();
		expect('{');
		if (consume('}')) {
			return object;
		}
		do {
			skipSpace();
			String name = string();
			expect(':');
			object.put(name, value());
		}
		while (consume(','));
		expect('}');
		return object;
	}

	private @Nullable Object value() {
		skipSpace();
		if (this.position >= this.text.length()) {
			throw error("a value");
		}
		char c = this.text.charAt(this.position);
		if (c == '"') {
			return string();
		}
		if (this.text.startsWith("null", this.position)) {
			this.position += 4;
			return null;
		}
		int start = this.position;
		if (c == '-') {
			this.position++;
		}
		while (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
			this.position++;
		}
		try {
			return Long.parseLong(this.text.substring(start, this.position));
		}
		catch (NumberFormatException ex) {
			throw error("a string, an integer or null");
		}
	}

	private String string() {
		if (this.position >= this.text.length() || this.text.charAt(this.position) != '"') {
			throw error("a string");
		}
		this.position++;
		StringBuilder value = new StringBuilder();
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return value.toString();
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			if (this.position >= this.text.length()) {
				break;
			}
			char escaped = this.text.charAt(this.position++);
			switch (escaped) {
				case 'n' -> value.append('\n');
				case 't' -> value.append('\t');
				case 'r' -> value.append('\r');
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						throw error("four hex digits");
					}
					value.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					this.position += 4;
				}
				default -> value.append(escaped);
			}
		}
		throw error("the end of a string");
	}

	private void expect(char c) {
		if (!consume(c)) {
			throw error("'" + c + "'");
		}
	}

	private boolean consume(char c) {
		skipSpace();
		if (this.position < this.text.length() && this.text.charAt(this.position) == c) {
			this.position++;
			return true;
		}
		return false;
	}

	private void skipSpace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private IllegalArgumentException error(String expected) {
		return new IllegalArgumentException("Not a leadership history: expected " + expected + " at position "
				+ this.position + " of " + this.text);
	}

}
