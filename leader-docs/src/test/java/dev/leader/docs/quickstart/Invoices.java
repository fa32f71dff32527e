package dev.leader.docs.quickstart;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcFencingGuard;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class Invoices {

	private final JdbcFencingGuard guard; // auto-configured with the JDBC store

	private final JdbcClient jdbc;

	public Invoices(JdbcFencingGuard guard, JdbcClient jdbc) {
		this.guard = guard;
		this.jdbc = jdbc;
	}

	@Transactional
	public int issueDue(FencingToken token) {
		// Locks the lease row (shared) until the commit and checks the token: once
		// another node took over, it throws FencingException and nothing is written.
		this.guard.check(token);
		return this.jdbc.sql("UPDATE invoice SET issued_token = :token WHERE issued_token IS NULL")
			.param("token", token.value())
			.update();
	}

}
