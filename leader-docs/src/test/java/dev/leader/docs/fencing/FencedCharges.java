package dev.leader.docs.fencing;

import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class FencedCharges {

	private final JdbcTemplate jdbc;

	public FencedCharges(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@LeaderOnly(value = "billing", fenced = true) // the commit checks the token
	@Transactional
	@Scheduled(fixedDelay = 60_000)
	public void chargeDue() {
		// No guard call: if another node took over meanwhile, the commit rolls back.
		this.jdbc.update("INSERT INTO charges (period, token) VALUES (?, ?)", "2026-12",
				LeaderContext.require().value());
	}

}
