package dev.leader.sample.billing.charging;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.sample.billing.subscription.DueSubscription;

/**
 * Records, per node, every charge attempt refused because its fencing token was stale, so
 * that the summary shows the fencing path at work.
 *
 * @author leader-spring-boot-starter
 */
@Repository
public class FencedAttempts {

	private static final Log logger = LogFactory.getLog(FencedAttempts.class);

	private static final int MAX_REASON = 500;

	private final JdbcTemplate jdbc;

	public FencedAttempts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Record a refused attempt in its own transaction. A node that lost its lease may
	 * also have lost its database: then the attempt is only logged.
	 * @param kind where the token was refused
	 * @param due the charge that was attempted
	 * @param refusal the refusal
	 */
	public void record(FencedAttemptKind kind, DueSubscription due, FencingException refusal) {
		FencingToken token = refusal.getToken();
		logger.warn("Refused (" + kind + ") charge of " + due + ": " + refusal.getMessage());
		// A lost lease also interrupts this thread; the record must still be written.
		boolean interrupted = Thread.interrupted();
		try {
			this.jdbc.update(
					"""
							INSERT INTO fenced_attempt (node, kind, fencing_token, subscription_id, period, reason, attempted_at)
							VALUES (?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""",
					Identifiers.nodeIdOf(token.holder()), kind.name(), token.value(), due.subscriptionId(),
					due.period(), truncate(refusal.getMessage()));
		}
		catch (DataAccessException ex) {
			logger.warn("Could not record the refused attempt: " + ex.getMessage());
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static String truncate(String reason) {
		return (reason.length() <= MAX_REASON) ? reason : reason.substring(0, MAX_REASON);
	}

}
