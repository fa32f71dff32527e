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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.h2.api.Trigger;

import dev.leader.test.TestDatabase;

/**
 * Contention between coordinators on H2 (in memory, shared by name across the pools).
 */
class JdbcContentionH2Tests extends JdbcContentionContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected String now() {
		return "CURRENT_TIMESTAMP";
	}

	@Override
	protected String timestampType() {
		return "TIMESTAMP(6) WITH TIME ZONE";
	}

	@Override
	protected String nextId(String sequence) {
		return "NEXT VALUE FOR " + sequence;
	}

	@Override
	protected Instant instant(ResultSet result, String column) throws SQLException {
		OffsetDateTime value = result.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	@Override
	protected void createLeaseLog(Statement statement, Names names) throws SQLException {
		statement.execute("CREATE TRIGGER " + names.trigger() + " AFTER INSERT, UPDATE ON " + names.leaseTable()
				+ " FOR EACH ROW CALL '" + LeaseLogTrigger.class.getName() + "'");
	}

	/**
	 * Logs each change of a contention lease table. H2 runs in this JVM, so its clock is
	 * this JVM's clock; {@code CURRENT_TIMESTAMP} would be when the statement began.
	 */
	public static class LeaseLogTrigger implements Trigger {

		private Names names;

		@Override
		public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before,
				int type) {
			this.names = Names.ofLeaseTable(tableName);
		}

		@Override
		public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + this.names.eventTable()
					+ " (id, kind, group_name, node_id, token, acquired_at, expires_at, happened_at) VALUES (NEXT VALUE FOR "
					+ this.names.sequence() + ", 'L', ?, ?, ?, ?, ?, ?)")) {
				insert.setObject(1, newRow[0]);
				insert.setObject(2, newRow[1]);
				insert.setObject(3, newRow[2]);
				insert.setObject(4, newRow[3]);
				insert.setObject(5, newRow[5]);
				insert.setObject(6, OffsetDateTime.now(ZoneOffset.UTC));
				insert.executeUpdate();
			}
		}

	}

}
