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

package dev.leader.fencing;

import dev.leader.FencingToken;
import dev.leader.Identifiers;

/**
 * The {@value #NAME} header that carries a fencing token on the wire, as
 * {@code <group>:<value>}. Group names may contain {@code :}, so a value is split at its
 * last colon.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencingTokenHeader {

	/**
	 * The header name, for HTTP requests and message headers alike.
	 */
	public static final String NAME = "Fencing-Token";

	private FencingTokenHeader() {
	}

	/**
	 * The header value for a token.
	 * @param token the token
	 * @return {@code <group>:<value>}
	 */
	public static String format(FencingToken token) {
		return token.group() + ":" + token.value();
	}

	/**
	 * Reads a header value.
	 * @param header the header value, {@code <group>:<value>}
	 * @return the group and token value it carries
	 * @throws IllegalArgumentException when the value is not a valid group and a positive
	 * token value separated by a colon; the message says what is wrong
	 */
	public static Presented parse(String header) {
		String trimmed = header.strip();
		int colon = trimmed.lastIndexOf(':');
		if (colon <= 0 || colon == trimmed.length() - 1) {
			throw new IllegalArgumentException(
					NAME + " must be <group>:<value>, for example 'billing:42', but was '" + header + "'");
		}
		String group = trimmed.substring(0, colon);
		Identifiers.requireValidGroup(group);
		long value;
		try {
			value = Long.parseLong(trimmed.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					NAME + " value after the last ':' must be a token number, but was '" + header + "'");
		}
		InMemoryFencingTokenRegistry.requirePositive(value);
		return new Presented(group, value);
	}

	/**
	 * A token as a receiver sees it: the group and value, without the holder.
	 *
	 * @param group the lease group
	 * @param value the token value
	 */
	public record Presented(String group, long value) {

	}

}
