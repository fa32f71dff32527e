package dev.leader.sample.billing.subscription;

import java.time.Instant;
import java.time.OffsetDateTime;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database's clock, the one time every node agrees on: what is due is decided by it,
 * never by a node's own clock.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class DatabaseClock {

	private final JdbcTemplate jdbc;

	public DatabaseClock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The current database time.
	 * @return now, by the database
	 */
	public Instant now() {
		OffsetDateTime now = this.jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", OffsetDateTime.class);
		return now.toInstant();
	}

}
