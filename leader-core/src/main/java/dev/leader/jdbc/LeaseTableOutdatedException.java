package dev.leader.jdbc;

import dev.leader.LeaderConfigurationException;

/**
 * The lease table has the layout of earlier schema scripts. The message names the upgrade
 * script that brings it to the current layout, keeping every row (and so every group's
 * fencing token).
 *
 * @author leader-spring-boot-starter
 */
public class LeaseTableOutdatedException extends LeaderConfigurationException {

	private final String tableName;

	private final String upgradeLocation;

	LeaseTableOutdatedException(String tableName, JdbcLeaseDialect dialect) {
		super("Lease table '" + tableName + "' has the layout of an earlier version of leader-spring-boot-starter: "
				+ "upgrade it with " + dialect.upgradeLocation() + " (in the leader-core jar; replace 'leader_lease' "
				+ "if you chose another name; it keeps every row and token), as a new Flyway or Liquibase migration "
				+ "or by hand, or set leader.jdbc.initialize-schema=always to let the starter upgrade it");
		this.tableName = tableName;
		this.upgradeLocation = dialect.upgradeLocation();
	}

	/**
	 * The table to upgrade.
	 * @return the table name
	 */
	public String getTableName() {
		return this.tableName;
	}

	/**
	 * The script that upgrades the table for this database.
	 * @return the script location
	 */
	public String getUpgradeLocation() {
		return this.upgradeLocation;
	}

}
