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

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.Identifiers;
import dev.leader.LeaderStoreException;
import dev.leader.fencing.FencingTokenRegistry;

/**
 * A {@link FencingTokenRegistry} in a database table that every instance of a receiving
 * service shares (default {@value #DEFAULT_TABLE_NAME}: group name, highest token, when
 * it last rose), so that they agree on which tokens are stale. Each admission is one
 * atomic conditional upsert that raises the group's mark to the presented token when it
 * is higher, followed (except on PostgreSQL) by a read of the mark in the same
 * transaction.
 * <p>
 * It works through a {@link JdbcTemplate} on the given {@link DataSource}: inside a
 * Spring-managed transaction on that {@code DataSource} the upsert joins it, so the mark
 * commits (or rolls back) together with the request's effect, and the group's row stays
 * locked until then: requests of one group are serialised while they commit. Outside a
 * transaction each admission commits on its own.
 * <p>
 * PostgreSQL, MySQL, MariaDB and H2; create the table with
 * {@link JdbcFencingTokenSchema}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class JdbcFencingTokenRegistry implements FencingTokenRegistry {

	/**
	 * The default table name.
	 */
	public static final String DEFAULT_TABLE_NAME = "leader_fencing_token";

	private final JdbcTemplate jdbc;

	private final String table;

	private volatile @Nullable JdbcLeaseDialect dialect;

	/**
	 * A registry in table {@value #DEFAULT_TABLE_NAME}.
	 * @param dataSource the database
	 */
	public JdbcFencingTokenRegistry(DataSource dataSource) {
		this(dataSource, DEFAULT_TABLE_NAME);
	}

	/**
	 * A registry in the given table.
	 * @param dataSource the database; the admissions join its Spring-managed transactions
	 * @param tableName the table name (validated as an SQL identifier)
	 */
	public JdbcFencingTokenRegistry(DataSource dataSource, String tableName) {
		this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
		this.table = Identifiers.requireValidTableName(tableName);
	}

	@Override
	public Admission admit(String group, long value) {
		Identifiers.requireValidGroup(group);
		if (value < 1) {
			throw new IllegalArgumentException("Fencing token value must be positive, was " + value);
		}
		try {
			return new Admission(group, value, raise(dialect(), group, value));
		}
		catch (BadSqlGrammarException ex) {
			throw missingTable(ex);
		}
	}

	@Override
	public OptionalLong highest(String group) {
		try {
			List<Long> highest = this.jdbc.queryForList(select(""), Long.class, group);
			return highest.isEmpty() ? OptionalLong.empty() : OptionalLong.of(highest.get(0));
		}
		catch (BadSqlGrammarException ex) {
			throw missingTable(ex);
		}
	}

	/**
	 * Raise the group's mark to {@code value} unless it is higher, locking the row.
	 * @return the mark after the raise
	 */
	private long raise(JdbcLeaseDialect dialect, String group, long value) {
		switch (dialect) {
			case POSTGRESQL -> {
				// One statement: ON CONFLICT DO UPDATE locks the row whether or not it
				// rises.
				Long highest = this.jdbc.queryForObject("INSERT INTO " + this.table
						+ " (group_name, highest, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP) ON CONFLICT (group_name) "
						+ "DO UPDATE SET updated_at = CASE WHEN EXCLUDED.highest > " + this.table + ".highest THEN "
						+ "EXCLUDED.updated_at ELSE " + this.table + ".updated_at END, highest = GREATEST(" + this.table
						+ ".highest, EXCLUDED.highest) RETURNING highest", Long.class, group, value);
				return Objects.requireNonNull(highest);
			}
			case MYSQL -> {
				// Assignments run left to right: updated_at first, while highest is the
				// old one.
				this.jdbc.update("INSERT INTO " + this.table
						+ " (group_name, highest, updated_at) VALUES (?, ?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE "
						+ "updated_at = IF(VALUES(highest) > highest, VALUES(updated_at), updated_at), "
						+ "highest = GREATEST(highest, VALUES(highest))", group, value);
			}
			case H2 -> {
				if (update(group, value) == 0) {
					try {
						this.jdbc.update(
								"INSERT INTO " + this.table
										+ " (group_name, highest, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
								group, value);
					}
					catch (DuplicateKeyException ex) {
						// Another instance inserted the group first; its row exists now.
						update(group, value);
					}
				}
			}
		}
		return Objects.requireNonNull(this.jdbc.queryForObject(select(dialect.shareLock()), Long.class, group));
	}

	private int update(String group, long value) {
		return this.jdbc.update("UPDATE " + this.table
				+ " SET updated_at = CASE WHEN ? > highest THEN CURRENT_TIMESTAMP ELSE updated_at END, "
				+ "highest = GREATEST(highest, ?) WHERE group_name = ?", value, value, group);
	}

	private String select(String lock) {
		return "SELECT highest FROM " + this.table + " WHERE group_name = ?" + lock;
	}

	private JdbcLeaseDialect dialect() {
		JdbcLeaseDialect known = this.dialect;
		if (known == null) {
			known = this.jdbc.execute((ConnectionCallback<JdbcLeaseDialect>) (connection) -> JdbcLeaseDialect
				.of(connection.getMetaData()));
			this.dialect = known;
		}
		return Objects.requireNonNull(known);
	}

	private LeaderStoreException missingTable(BadSqlGrammarException ex) {
		JdbcLeaseDialect known = this.dialect;
		String script = (known != null) ? JdbcFencingTokenSchema.location(known)
				: "classpath:dev/leader/jdbc/fencing-token-schema-<platform>.sql";
		return new LeaderStoreException("Fencing-token table '" + this.table + "' could not be used ("
				+ ex.getMostSpecificCause().getMessage() + "): create it with " + script
				+ " (renaming 'leader_fencing_token'), or set leader.fencing.server.jdbc.initialize-schema=always", ex);
	}

}
