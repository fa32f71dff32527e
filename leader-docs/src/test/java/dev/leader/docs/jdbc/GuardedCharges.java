package dev.leader.docs.jdbc;

import javax.sql.DataSource;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.jdbc.JdbcLeaseStore;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fencing writes in the same database (docs/jdbc-store.md).
 */
public class GuardedCharges {

	private final JdbcFencingGuard guard;

	private final JdbcClient jdbc;

	GuardedCharges(DataSource dataSource) {
		JdbcLeaseStore store = new JdbcLeaseStore(dataSource);
		this.jdbc = JdbcClient.create(dataSource);
		this.guard = store.guard(); // or new JdbcFencingGuard(dataSource, "leader_lease")
	}

	@Transactional
	public void chargeDue(FencingToken token) {
		this.guard.check(token); // locks the lease row (shared) and checks the token
		// committed only under a current token
		this.jdbc.sql("INSERT INTO charge (period, token) VALUES (1, :token)").param("token", token.value()).update();
	}

}
