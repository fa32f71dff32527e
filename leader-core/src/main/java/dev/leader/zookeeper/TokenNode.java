package dev.leader.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a group's token node: the token value of the latest grant, the node it
 * was granted to, that node's election znode (the name of its sequential node under the
 * group's election path) and its negotiated session timeout. Stored as UTF-8
 * {@code key=value} lines, so that it reads well in {@code zkCli.sh}.
 *
 * @param value the latest token value, 0 before the first grant
 * @param holder the node id of the latest grant, or {@code null} before the first grant
 * @param electionNode the holder's election znode name, or {@code null} before the first
 * grant
 * @param sessionTimeoutMillis the holder's negotiated session timeout, or 0 before the
 * first grant
 * @author leader-spring-boot-starter
 */
record TokenNode(long value, String holder, String electionNode, long sessionTimeoutMillis) {

	/** The content of a token node created before the first grant. */
	static final TokenNode INITIAL = new TokenNode(0, null, null, 0);

	/**
	 * The content after the next grant.
	 * @param holder the node id of the new holder
	 * @param electionNode its election znode name
	 * @param sessionTimeoutMillis its negotiated session timeout
	 * @return the next content, with the token value advanced by one
	 * @throws IllegalStateException when the token value cannot advance any more
	 */
	TokenNode next(String holder, String electionNode, long sessionTimeoutMillis) {
		if (this.value == Long.MAX_VALUE) {
			throw new IllegalStateException("the token cannot advance past " + Long.MAX_VALUE);
		}
		return new TokenNode(this.value + 1, holder, electionNode, sessionTimeoutMillis);
	}

	byte[] encode() {
		StringBuilder text = new StringBuilder("token=").append(this.value).append('\n');
		if (this.holder != null) {
			text.append("holder=").append(this.holder).append('\n');
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
				return new TokenNode(value, null, null, 0);
			}
			return new TokenNode(value, holder, required(fields, "election-node", text),
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
