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

package dev.leader.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.leader.Identifiers;

/**
 * The content of a group's token node: the token value of the latest grant, the node it
 * was granted to (its configured node id, and the instance id of the coordinator), that
 * node's election znode (the name of its sequential node under the group's election path)
 * and its negotiated session timeout. Stored as UTF-8 {@code key=value} lines, so that it
 * reads well in {@code zkCli.sh}. The instance id has a line of its own
 * ({@code instance=}) next to {@code holder=<node id>}: earlier versions, which read only
 * the keys they know, still read the holder as a plain node id, and a node reading a
 * token node written by an earlier version (no {@code instance=} line) takes the node id
 * as the holder.
 *
 * @param value the latest token value, 0 before the first grant
 * @param holder the configured node id of the latest grant, or {@code null} before the
 * first grant and after the node was re-created
 * @param instance the instance id of the latest grant, or {@code null} when there is none
 * or an earlier version wrote the node
 * @param electionNode the holder's election znode name, or {@code null} when there is no
 * holder
 * @param sessionTimeoutMillis the holder's negotiated session timeout, or 0 when there is
 * no holder
 * @author leader-spring-boot-starter
 */
record TokenNode(long value, @Nullable String holder, @Nullable String instance, @Nullable String electionNode,
		long sessionTimeoutMillis) {

	/** The content of a token node created before the first grant. */
	static final TokenNode INITIAL = released(0);

	/**
	 * The content of a token node at a value without a holder: re-created after it was
	 * deleted, so that the next grant still gets a higher value.
	 * @param value the token value
	 * @return the content
	 */
	static TokenNode released(long value) {
		return new TokenNode(value, null, null, null, 0);
	}

	/**
	 * The holder that tokens of the latest grant name: its instance id, or its node id
	 * when an earlier version wrote the node.
	 * @return the holder, or {@code null} when there is none
	 */
	@Nullable String holderInstance() {
		return (this.instance != null) ? this.instance : this.holder;
	}

	/**
	 * The content after the next grant.
	 * @param instance the instance id of the new holder
	 * @param electionNode its election znode name
	 * @param sessionTimeoutMillis its negotiated session timeout
	 * @return the next content, with the token value advanced by one
	 * @throws IllegalStateException when the token value cannot advance any more
	 */
	TokenNode next(String instance, String electionNode, long sessionTimeoutMillis) {
		if (this.value == Long.MAX_VALUE) {
			throw new IllegalStateException("the token cannot advance past " + Long.MAX_VALUE);
		}
		return new TokenNode(this.value + 1, Identifiers.nodeIdOf(instance), instance, electionNode,
				sessionTimeoutMillis);
	}

	byte[] encode() {
		StringBuilder text = new StringBuilder("token=").append(this.value).append('\n');
		if (this.holder != null) {
			text.append("holder=").append(this.holder).append('\n');
			if (this.instance != null) {
				text.append("instance=").append(this.instance).append('\n');
			}
			text.append("election-node=").append(this.electionNode).append('\n');
			text.append("session-timeout-ms=").append(this.sessionTimeoutMillis).append('\n');
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Read the content of a token node.
	 * @param data the node's data
	 * @return the content
	 * @throws IllegalArgumentException when the data is not a token node's
	 */
	static TokenNode decode(byte[] data) {
		Map<String, String> fields = new LinkedHashMap<>();
		String text = (data != null) ? new String(data, StandardCharsets.UTF_8) : "";
		for (String line : text.split("\n")) {
			int separator = line.indexOf('=');
			if (separator > 0) {
				fields.put(line.substring(0, separator).trim(), line.substring(separator + 1).trim());
			}
		}
		try {
			long value = Long.parseLong(required(fields, "token", text));
			if (value < 0) {
				throw new IllegalArgumentException("negative token " + value);
			}
			String holder = fields.get("holder");
			if (holder == null) {
				return released(value);
			}
			return new TokenNode(value, holder, fields.get("instance"), required(fields, "election-node", text),
					Long.parseLong(required(fields, "session-timeout-ms", text)));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a token node: '" + text + "'", ex);
		}
	}

	private static String required(Map<String, String> fields, String key, String text) {
		String value = fields.get(key);
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException("not a token node (no " + key + "): '" + text + "'");
		}
		return value;
	}

}
