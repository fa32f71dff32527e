package dev.leader.boot.autoconfigure;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcFencingGuard;

/**
 * What the cluster tests' jobs do: record (node, token, database time) in one transaction
 * that passes the fencing guard first, as users are told to write leader-only side
 * effects.
 */
final class GuardedRecorder {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JdbcFencingGuard guard;

	private final String insert;

	private final String node;

	GuardedRecorder(DataSource dataSource, JdbcFencingGuard guard, String table, String databaseNow, String node) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.guard = guard;
		this.insert = "INSERT INTO " + table + " (node, token, at) VALUES (?, ?, " + databaseNow + ")";
		this.node = node;
	}

	void record(FencingToken token) {
		this.transactions.executeWithoutResult((status) -> {
			this.guard.check(token);
			this.jdbc.update(this.insert, this.node, token.value());
		});
	}

}
