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
import java.time.OffsetDateTime;

import dev.leader.test.TestDatabase;

/**
 * Contention between coordinators on POSTGRESQL.
 */
class JdbcContentionPostgresqlTests extends JdbcContentionContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected String now() {
		return "clock_timestamp()";
	}

	@Override
	protected String timestampType() {
		return "TIMESTAMP WITH TIME ZONE";
	}

	@Override
	protected String nextId(String sequence) {
		return "nextval('" + sequence + "')";
	}

	@Override
	protected Instant instant(ResultSet result, String column) throws SQLException {
		OffsetDateTime value = result.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	@Override
	protected void createLeaseLog(Statement statement, Names names) throws SQLException {
		statement.execute("CREATE FUNCTION " + names.trigger() + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
				+ " INSERT INTO " + names.eventTable()
				+ " (id, kind, group_name, node_id, token, acquired_at, expires_at, happened_at) VALUES (nextval('"
				+ names.sequence() + "'), 'L', NEW.group_name, NEW.holder, NEW.token, NEW.acquired_at,"
				+ " NEW.expires_at, clock_timestamp()); RETURN NULL; END $$");
		statement.execute("CREATE TRIGGER " + names.trigger() + " AFTER INSERT OR UPDATE ON " + names.leaseTable()
				+ " FOR EACH ROW EXECUTE FUNCTION " + names.trigger() + "()");
	}

	@Override
	protected void dropLeaseLog(Statement statement, Names names) throws SQLException {
		statement.execute("DROP FUNCTION IF EXISTS " + names.trigger() + "()");
	}

}
