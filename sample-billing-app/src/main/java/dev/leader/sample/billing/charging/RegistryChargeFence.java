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

import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.FencingTokenRegistry.Admission;
import dev.leader.jdbc.JdbcFencingTokenRegistry;

/**
 * The charge transaction's fence when the leader store is not the billing database (etcd,
 * for instance), where no lease row can be locked in the transaction. Two checks, in this
 * order:
 * <ol>
 * <li>the token is admitted by the {@link JdbcFencingTokenRegistry} in the billing
 * database ({@code leader_fencing_token}): one upsert that raises the group's highest
 * token and keeps its row locked until the transaction ends. A token older than one a
 * charge transaction has already admitted is refused; and while this transaction holds
 * the row, a newer leader's charge transaction waits for its commit, so no charge is ever
 * committed under a token after one under a newer token;</li>
 * <li>{@link LeaderCoordinator#verify(FencingToken)}: one round trip to the store (on
 * etcd a linearizable read of the leader key) while the row is held. A stale token whose
 * successor has not charged anything yet is refused here.</li>
 * </ol>
 * A refusal throws, and the transaction rolls back, the raised mark with it.
 * <p>
 * The window this leaves: a leader that passed both checks and then stops (a pause, a
 * slow network) may commit after its lease expired in the store, as long as no successor
 * has admitted a token in between; the successor's own charges then wait for that commit.
 * The JDBC store's guard closes even that window: it holds the lease row itself, so the
 * lease cannot be taken over before the commit.
 *
 * @author leader-spring-boot-starter
 */
final class RegistryChargeFence implements ChargeFence {

	private final FencingTokenRegistry registry;

	private final LeaderCoordinator coordinator;

	RegistryChargeFence(FencingTokenRegistry registry, LeaderCoordinator coordinator) {
		this.registry = registry;
		this.coordinator = coordinator;
	}

	@Override
	public void check(FencingToken token) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The charge fence needs a Spring-managed transaction: without one the "
					+ "token registry's row is unlocked before the writes it fences");
		}
		Admission admission = this.registry.admit(token.group(), token.value());
		if (!admission.admitted()) {
			throw new FencingException(token, "a charge was already admitted under the newer token "
					+ admission.highest() + " of group '" + token.group() + "' (token registry)");
		}
		this.coordinator.verify(token);
	}

	@Override
	public String toString() {
		return "the token registry (table " + JdbcFencingTokenRegistry.DEFAULT_TABLE_NAME
				+ ", row locked until the commit) and a verify with the leader store";
	}

}
