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

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.sample.billing.BillingProperties;
import dev.leader.sample.billing.gateway.ChargeRequest;
import dev.leader.sample.billing.gateway.PaymentGateway;
import dev.leader.sample.billing.gateway.ProviderCharge;
import dev.leader.sample.billing.subscription.DatabaseClock;
import dev.leader.sample.billing.subscription.DueSubscription;
import dev.leader.sample.billing.subscription.Subscriptions;

/**
 * Charges due subscriptions, one batch at a time, under a fencing token. Each charge goes
 * through the three levels of fencing: the token is verified with the lease store before
 * the provider is called, the provider rejects it once it has seen a newer one, and the
 * charge transaction's {@link ChargeFence} refuses to record the charge once it is stale.
 * The first refusal ends the batch and is rethrown, after it was recorded.
 * <p>
 * Once the application starts closing, no new charge is started: the one in hand is
 * finished (provider call and record), so a graceful stop never leaves a charge made at
 * the provider unrecorded.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class SubscriptionBiller implements ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(SubscriptionBiller.class);

	private final Subscriptions subscriptions;

	private final DatabaseClock clock;

	private final LeaderCoordinator coordinator;

	private final PaymentGateway gateway;

	private final ChargeRecorder recorder;

	private final FencedAttempts fencedAttempts;

	private final int batchSize;

	private volatile boolean closing;

	public SubscriptionBiller(Subscriptions subscriptions, DatabaseClock clock, LeaderCoordinator coordinator,
			PaymentGateway gateway, ChargeRecorder recorder, FencedAttempts fencedAttempts,
			BillingProperties properties) {
		this.subscriptions = subscriptions;
		this.clock = clock;
		this.coordinator = coordinator;
		this.gateway = gateway;
		this.recorder = recorder;
		this.fencedAttempts = fencedAttempts;
		this.batchSize = properties.getBatchSize();
	}

	/**
	 * Charge the next batch of due subscriptions.
	 * @param token the token of this node's leadership
	 * @return {@code true} when the batch was full (more may be due), {@code false} when
	 * this node has caught up, was interrupted or is closing
	 * @throws FencingException when the token turned out to be stale
	 */
	public boolean chargeNextBatch(FencingToken token) {
		List<DueSubscription> due = this.subscriptions.findDue(this.clock.now(), this.batchSize);
		for (DueSubscription subscription : due) {
			if (this.closing || Thread.currentThread().isInterrupted() || !charge(token, subscription)) {
				return false;
			}
		}
		return due.size() == this.batchSize;
	}

	/**
	 * The application is closing: finish the charge in hand, start no other.
	 * @param event the event
	 */
	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.closing = true;
	}

	private boolean charge(FencingToken token, DueSubscription due) {
		try {
			this.coordinator.verify(token);
		}
		catch (FencingException ex) {
			throw refused(FencedAttemptKind.VERIFY, due, ex);
		}
		ProviderCharge charge;
		try {
			charge = this.gateway.charge(new ChargeRequest(due.customerId(), due.subscriptionId(), due.period(),
					due.priceCents(), due.currency()), due.idempotencyKey(), token);
		}
		catch (FencingException ex) {
			throw refused(FencedAttemptKind.PROVIDER, due, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.info("Stopped charging " + due + " under token " + token.value() + ": interrupted");
			return false;
		}
		try {
			this.recorder.record(token, due, charge);
		}
		catch (FencingException ex) {
			throw refused(FencedAttemptKind.GUARD, due, ex);
		}
		return true;
	}

	private FencingException refused(FencedAttemptKind kind, DueSubscription due, FencingException refusal) {
		this.fencedAttempts.record(kind, due, refusal);
		return refusal;
	}

}
