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

package dev.leader.jdbc;

import org.jspecify.annotations.Nullable;

import dev.leader.LeaderConfigurationException;

/**
 * The lease table has the layout of earlier schema scripts. The message names the upgrade
 * script that brings it to the current layout, keeping every row (and so every group's
 * fencing token).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaseTableOutdatedException extends LeaderConfigurationException {

	private static final long serialVersionUID = 1L;

	private final String tableName;

	private final String upgradeLocation;

	LeaseTableOutdatedException(String tableName, JdbcLeaseDialect dialect) {
		super("Lease table '" + tableName + "' has the layout of an earlier version of leader-spring-boot-starter: "
				+ "upgrade it with " + dialect.upgradeLocation() + ", then " + dialect.historyUpgradeLocation()
				+ ", then " + dialect.pauseUpgradeLocation()
				+ " (in the leader-core jar; replace 'leader_lease' if you chose another name; they keep every row "
				+ "and token), as new Flyway or Liquibase migrations or by hand, or set "
				+ "leader.jdbc.initialize-schema=always to let the starter upgrade it");
		this.tableName = tableName;
		this.upgradeLocation = dialect.upgradeLocation();
	}

	private LeaseTableOutdatedException(String tableName, String message, String upgradeLocation) {
		super(message);
		this.tableName = tableName;
		this.upgradeLocation = upgradeLocation;
	}

	/**
	 * The lease table has the layout of version 2 of the scripts, without the history
	 * table that later versions keep next to it.
	 */
	static LeaseTableOutdatedException withoutHistory(String tableName, String historyName, JdbcLeaseDialect dialect,
			@Nullable Throwable cause) {
		String location = dialect.historyUpgradeLocation();
		LeaseTableOutdatedException outdated = new LeaseTableOutdatedException(tableName, "Lease table '" + tableName
				+ "' has no history table '" + historyName + "' (the leadership history of every group, kept since "
				+ "layout 3): upgrade it with " + location + " (in the leader-core jar; replace 'leader_lease' if you "
				+ "chose another name; it keeps every row and token), as a new Flyway or Liquibase migration or by "
				+ "hand, or set leader.jdbc.initialize-schema=always to let the starter upgrade it", location);
		if (cause != null) {
			outdated.initCause(cause);
		}
		return outdated;
	}

	/**
	 * The lease table has the layout of version 3 of the scripts, without the pause table
	 * that later versions keep next to it.
	 */
	static LeaseTableOutdatedException withoutPauses(String tableName, JdbcLeaseDialect dialect) {
		String location = dialect.pauseUpgradeLocation();
		return new LeaseTableOutdatedException(tableName, "Lease table '" + tableName + "' has no pause table '"
				+ JdbcBeliefBoard.pauseTable(tableName) + "' (the groups paused cluster-wide, kept since layout 4): "
				+ "upgrade it with " + location + " (in the leader-core jar; replace 'leader_lease' if you chose "
				+ "another name; it keeps every row and token), as a new Flyway or Liquibase migration or by hand, "
				+ "or set leader.jdbc.initialize-schema=always to let the starter upgrade it", location);
	}

	/**
	 * The table to upgrade.
	 * @return the table name
	 */
	public String getTableName() {
		return this.tableName;
	}

	/**
	 * The script that upgrades the table for this database (the first of two for a table
	 * of layout 1).
	 * @return the script location
	 */
	public String getUpgradeLocation() {
		return this.upgradeLocation;
	}

}
