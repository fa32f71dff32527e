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

package dev.leader.sample.billing.subscription;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import dev.leader.sample.billing.BillingProperties;

/**
 * The subscriptions table: what is due, and moving a subscription on to its next period.
 *
 * @author leader-spring-boot-starter
 */
@Repository
public class Subscriptions {

	private static final String DUE = """
			SELECT id, customer_id, plan, price_cents, currency, period_length_ms, current_period,
			       current_period_ends_at
			FROM subscription
			WHERE next_charge_at <= ?
			ORDER BY next_charge_at, id
			LIMIT ?""";

	private static final String ADVANCE = """
			UPDATE subscription
			SET current_period = ?, current_period_ends_at = ?, next_charge_at = ?
			WHERE id = ? AND current_period = ?""";

	private final JdbcTemplate jdbc;

	private final Duration chargeAhead;

	public Subscriptions(JdbcTemplate jdbc, BillingProperties properties) {
		this.jdbc = jdbc;
		this.chargeAhead = properties.getChargeAhead();
	}

	/**
	 * The subscriptions whose next charge is due, oldest first.
	 * @param now the current database time
	 * @param limit the most to return
	 * @return the due subscriptions
	 */
	public List<DueSubscription> findDue(Instant now, int limit) {
		return this.jdbc.query(DUE, this::due, utc(now), limit);
	}

	/**
	 * Make the charged period the current one and schedule the next charge, in the
	 * caller's transaction.
	 * @param charged the subscription and the period that was charged
	 * @throws OptimisticLockingFailureException when the subscription is no longer in the
	 * previous period
	 */
	public void advance(DueSubscription charged) {
		Instant endsAt = charged.periodEndsAt();
		int updated = this.jdbc.update(ADVANCE, charged.period(), utc(endsAt), utc(endsAt.minus(this.chargeAhead)),
				charged.subscriptionId(), charged.period() - 1);
		if (updated != 1) {
			throw new OptimisticLockingFailureException(
					"Subscription " + charged.subscriptionId() + " is no longer in period " + (charged.period() - 1));
		}
	}

	private DueSubscription due(ResultSet row, int index) throws SQLException {
		return new DueSubscription(row.getLong("id"), row.getLong("customer_id"), Plan.valueOf(row.getString("plan")),
				row.getLong("price_cents"), row.getString("currency").trim(), row.getInt("current_period") + 1,
				row.getObject("current_period_ends_at", OffsetDateTime.class).toInstant(),
				Duration.ofMillis(row.getLong("period_length_ms")));
	}

	static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
