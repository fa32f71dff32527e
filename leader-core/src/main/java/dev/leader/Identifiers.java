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
 */
public final class Identifiers {

	/** Longest group name or node id, matching the width of the lease table columns. */
	public static final int MAX_LENGTH = 128;

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
