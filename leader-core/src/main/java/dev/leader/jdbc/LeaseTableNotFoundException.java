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

import dev.leader.LeaderConfigurationException;

/**
 * The lease table does not exist. The message names the schema script that creates it.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaseTableNotFoundException extends LeaderConfigurationException {

	private static final long serialVersionUID = 1L;

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
