package dev.leader.jdbc;

import dev.leader.LeaderConfigurationException;

/**
 * The lease table does not exist. The message names the schema script that creates it.
 *
 * @author leader-spring-boot-starter
 */
public class LeaseTableNotFoundException extends LeaderConfigurationException {

	private final String tableName;

	private final String schemaLocation;

	LeaseTableNotFoundException(String tableName, JdbcLeaseDialect dialect) {
		super("Lease table '" + tableName + "' does not exist: create it with " + dialect.schemaLocation()
				+ " (in the leader-core jar; replace 'leader_lease' if you chose another name), through Flyway, "
				+ "Liquibase or by hand, or set leader.jdbc.initialize-schema=always");
		this.tableName = tableName;
		this.schemaLocation = dialect.schemaLocation();
	}

	/**
	 * The missing table.
	 * @return the table name
	 */
	public String getTableName() {
		return this.tableName;
	}

	/**
	 * The script that creates the table for this database.
	 * @return the script location
	 */
	public String getSchemaLocation() {
		return this.schemaLocation;
	}

}
