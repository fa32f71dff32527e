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
					due.period(), truncate(String.valueOf(refusal.getMessage())));
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
