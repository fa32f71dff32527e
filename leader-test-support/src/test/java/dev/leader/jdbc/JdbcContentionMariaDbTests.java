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

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import dev.leader.test.TestDatabase;

/**
 * Contention between coordinators on MARIADB.
 */
class JdbcContentionMariaDbTests extends JdbcContentionContractTests {

	/**
	 * The UTC time at which a trigger runs: {@code UTC_TIMESTAMP(6)} is when the
	 * triggering statement began (before any lock wait), {@code SYSDATE(6)} is now but in
	 * the session time zone.
	 */
	private static final String UTC_SYSDATE = "TIMESTAMPADD(MICROSECOND, TIMESTAMPDIFF(MICROSECOND, NOW(6), UTC_TIMESTAMP(6)), SYSDATE(6))";

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected String now() {
		return "UTC_TIMESTAMP(6)";
	}

	@Override
	protected String timestampType() {
		return "DATETIME(6)";
	}

	@Override
	protected String nextId(String sequence) {
		return "NEXTVAL(" + sequence + ")";
	}

	@Override
	protected String createSequence(String sequence) {
		// Not cached, so that values follow the order in which they were taken
		return "CREATE SEQUENCE " + sequence + " NOCACHE";
	}

	@Override
	protected Instant instant(ResultSet result, String column) throws SQLException {
		LocalDateTime value = result.getObject(column, LocalDateTime.class);
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

	@Override
	protected void createLeaseLog(Statement statement, Names names) throws SQLException {
		for (String event : new String[] { "INSERT", "UPDATE" }) {
			statement.execute("CREATE TRIGGER " + names.trigger() + "_" + event.toLowerCase() + " AFTER " + event
					+ " ON " + names.leaseTable() + " FOR EACH ROW INSERT INTO " + names.eventTable()
					+ " (id, kind, group_name, node_id, token, acquired_at, expires_at, happened_at) VALUES (NEXTVAL("
					+ names.sequence() + "), 'L', NEW.group_name, NEW.holder, NEW.token, NEW.acquired_at,"
					+ " NEW.expires_at, " + UTC_SYSDATE + ")");
		}
	}

}
