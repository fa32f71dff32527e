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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.sample.billing.gateway.ProviderCharge;
import dev.leader.sample.billing.subscription.DueSubscription;
import dev.leader.sample.billing.subscription.Subscriptions;

/**
 * Records a charge and advances the subscription to the charged period, in one
 * transaction fenced by the token: the {@link ChargeFence} of the leader store checks it
 * first and keeps what it checked locked until the commit, or nothing is written. On the
 * JDBC store that is the lease row; on others (etcd) the token registry's row, with a
 * verify with the store.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class ChargeRecorder {

	private static final String INSERT = """
			INSERT INTO charge (subscription_id, period, amount_cents, currency, fencing_token, node,
			    provider_charge_id, provider_replayed, charged_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""";

	private final ChargeFence fence;

	private final JdbcTemplate jdbc;

	private final Subscriptions subscriptions;

	public ChargeRecorder(ChargeFence fence, JdbcTemplate jdbc, Subscriptions subscriptions) {
		this.fence = fence;
		this.jdbc = jdbc;
		this.subscriptions = subscriptions;
	}

	/**
	 * Record the provider's charge of a due period and move the subscription on.
	 * @param token the token the charge was made under
	 * @param due the subscription and period charged
	 * @param charge the provider's charge
	 * @throws FencingException when the token is stale (nothing is written)
	 */
	@Transactional
	public void record(FencingToken token, DueSubscription due, ProviderCharge charge) {
		this.fence.check(token);
		this.jdbc.update(INSERT, due.subscriptionId(), due.period(), due.priceCents(), due.currency(), token.value(),
				Identifiers.nodeIdOf(token.holder()), charge.chargeId(), charge.replayed());
		this.subscriptions.advance(due);
	}

}
