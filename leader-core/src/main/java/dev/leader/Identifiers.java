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

package dev.leader;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Validation of the names users choose (groups, node ids, SQL identifiers) and the
 * default node id.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class Identifiers {

	/** Longest group name or node id, matching the width of the lease table columns. */
	public static final int MAX_LENGTH = 128;

	/**
	 * Separates the configured node id from the per-start nonce in an instance id; never
	 * part of a node id.
	 */
	public static final char INSTANCE_SEPARATOR = '#';

	/** Hex digits of the per-start nonce of an instance id. */
	private static final int NONCE_DIGITS = 8;

	/**
	 * Longest instance id: a node id, the separator and the nonce. The lease table's
	 * {@code holder} column is this wide.
	 */
	public static final int MAX_INSTANCE_LENGTH = MAX_LENGTH + 1 + NONCE_DIGITS;

	private static final Pattern NONCE = Pattern.compile("[0-9a-f]{" + NONCE_DIGITS + "}");

	private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

	private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");

	private static final Pattern SQL_IDENTIFIER = Pattern
		.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

	private Identifiers() {
	}

	/**
	 * Check a lease group name.
	 * @param group the name
	 * @return the name
	 * @throws LeaderConfigurationException when it is empty, too long or has other
	 * characters than letters, digits, '.', '_', ':' and '-'
	 */
	public static String requireValidGroup(String group) {
		return require("Group name", group, GROUP, "letters, digits, '.', '_', ':' and '-'");
	}

	/**
	 * Check a node id.
	 * @param nodeId the id
	 * @return the id
	 * @throws LeaderConfigurationException when it is empty, too long or has other
	 * characters than letters, digits, '.', '_', ':', '@' and '-'
	 */
	public static String requireValidNodeId(String nodeId) {
		return require("Node id", nodeId, NODE_ID, "letters, digits, '.', '_', ':', '@' and '-'");
	}

	/**
	 * A new identity for one start of a coordinator configured with {@code nodeId}: the
	 * node id, {@value #INSTANCE_SEPARATOR} and a random nonce. Two processes configured
	 * with the same node id, or one node restarted, never share an instance id, so a
	 * store can tell them apart while operators still see the configured id.
	 * @param nodeId the configured node id
	 * @return the instance id, such as {@code billing-1#3f9a2c1e}
	 */
	public static String newInstanceId(String nodeId) {
		requireValidNodeId(nodeId);
		byte[] random = new byte[NONCE_DIGITS / 2];
		ThreadLocalRandom.current().nextBytes(random);
		return nodeId + INSTANCE_SEPARATOR + HexFormat.of().formatHex(random);
	}

	/**
	 * The configured node id of a holder: the part of an instance id before
	 * {@value #INSTANCE_SEPARATOR}, or the holder itself when it is a plain node id (as
	 * written by earlier versions and by the ShedLock bridge).
	 * @param holder an instance id or node id
	 * @return the node id
	 */
	public static String nodeIdOf(String holder) {
		int separator = holder.indexOf(INSTANCE_SEPARATOR);
		return (separator < 0) ? holder : holder.substring(0, separator);
	}

	/**
	 * Check a lease holder: a node id, or an instance id made by
	 * {@link #newInstanceId(String)}.
	 * @param holder the holder
	 * @return the holder
	 * @throws LeaderConfigurationException when it is neither
	 */
	public static String requireValidHolder(String holder) {
		if (holder == null) {
			throw new LeaderConfigurationException("Holder must not be empty");
		}
		int separator = holder.indexOf(INSTANCE_SEPARATOR);
		if (separator < 0) {
			return requireValidNodeId(holder);
		}
		requireValidNodeId(holder.substring(0, separator));
		if (!NONCE.matcher(holder.substring(separator + 1)).matches()) {
			throw new LeaderConfigurationException("Holder '" + holder + "' is invalid: an instance id is a node id, '"
					+ INSTANCE_SEPARATOR + "' and " + NONCE_DIGITS + " lower-case hex digits");
		}
		return holder;
	}

	/**
	 * Check an SQL table name: an unquoted identifier, optionally qualified by a schema
	 * ({@code schema.table}), each part up to 63 characters. Only names that pass are
	 * ever put into SQL.
	 * @param tableName the name
	 * @return the name
	 * @throws LeaderConfigurationException when it is not such an identifier
	 */
	public static String requireValidTableName(String tableName) {
		if (tableName == null || !SQL_IDENTIFIER.matcher(tableName).matches()) {
			throw new LeaderConfigurationException("Table name '" + tableName
					+ "' is not a valid SQL identifier: use letters, digits and '_' (not starting with a digit), "
					+ "at most 63 characters, optionally prefixed by a schema as 'schema.table', "
					+ "for example 'leader_lease'");
		}
		return tableName;
	}

	/**
	 * A node id that is unique per JVM: host name, process id and a random suffix, so two
	 * JVMs on one host (or two containers with the same host name and pid) never share
	 * it.
	 * @return a new node id
	 */
	public static String defaultNodeId() {
		String host = sanitize(hostName());
		long pid = ManagementFactory.getRuntimeMXBean().getPid();
		byte[] random = new byte[3];
		ThreadLocalRandom.current().nextBytes(random);
		return host + "-" + pid + "-" + HexFormat.of().formatHex(random);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

	private static String sanitize(String host) {
		String cleaned = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+", "");
		if (cleaned.isEmpty()) {
			cleaned = "node";
		}
		return (cleaned.length() > 64) ? cleaned.substring(0, 64) : cleaned;
	}

	private static String require(String what, String value, Pattern pattern, String allowed) {
		if (value == null || value.isEmpty()) {
			throw new LeaderConfigurationException(what + " must not be empty");
		}
		if (value.length() > MAX_LENGTH) {
			throw new LeaderConfigurationException(what + " '" + value.substring(0, 32) + "...' is " + value.length()
					+ " characters long; use at most " + MAX_LENGTH);
		}
		if (!pattern.matcher(value).matches()) {
			throw new LeaderConfigurationException(
					what + " '" + value + "' is invalid: use " + allowed + ", starting with a letter or digit");
		}
		return value;
	}

}
