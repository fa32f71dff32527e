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

package dev.leader.boot.autoconfigure;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.jdbc.JdbcFencingGuard;

/**
 * What the cluster tests' jobs do: record (node, token, database time) in one transaction
 * that passes the fencing guard first, as users are told to write leader-only side
 * effects.
 */
final class GuardedRecorder {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	/** The JDBC store's guard, or {@code null} with another store. */
	private final JdbcFencingGuard guard;

	private final LeaderCoordinator coordinator;

	private final String insert;

	private final String node;

	GuardedRecorder(DataSource dataSource, JdbcFencingGuard guard, LeaderCoordinator coordinator, String table,
			String databaseNow, String node) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.guard = guard;
		this.coordinator = coordinator;
		this.insert = "INSERT INTO " + table + " (node, token, at) VALUES (?, ?, " + databaseNow + ")";
		this.node = node;
	}

	void record(FencingToken token) {
		if (this.guard == null) {
			this.coordinator.verify(token);
		}
		this.transactions.executeWithoutResult((status) -> {
			if (this.guard != null) {
				this.guard.check(token);
			}
			this.jdbc.update(this.insert, this.node, token.value());
		});
	}

}
