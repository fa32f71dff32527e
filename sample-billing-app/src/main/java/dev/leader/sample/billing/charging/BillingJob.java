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

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;

/**
 * The billing job: on the leader of group {@code billing} only, charge what is due, batch
 * after batch until caught up. It processes what is due rather than "this tick", so a
 * tick lost in a failover is harmless and a repeated one charges nothing twice.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class BillingJob {

	private final SubscriptionBiller biller;

	public BillingJob(SubscriptionBiller biller) {
		this.biller = biller;
	}

	@LeaderOnly("billing")
	@Scheduled(fixedDelayString = "${billing.poll-interval:200ms}")
	public void chargeDueSubscriptions() {
		FencingToken token = LeaderContext.require();
		boolean more = true;
		while (more) {
			more = this.biller.chargeNextBatch(token);
		}
	}

}
