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

import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.util.ErrorHandler;

import dev.leader.FencingException;
import dev.leader.LeaderStoreException;
import dev.leader.sample.billing.gateway.PaymentGatewayException;

/**
 * Logs the expected ways a billing run ends early (a stale token, an unreachable database
 * or payment provider) as one warning line; everything else with its stack trace. The run
 * is retried at the next tick either way.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class BillingJobErrors implements ErrorHandler, ThreadPoolTaskSchedulerCustomizer {

	private static final Log logger = LogFactory.getLog(BillingJobErrors.class);

	@Override
	public void customize(ThreadPoolTaskScheduler taskScheduler) {
		taskScheduler.setErrorHandler(this);
	}

	@Override
	public void handleError(Throwable failure) {
		if (failure instanceof FencingException || failure instanceof LeaderStoreException
				|| failure instanceof PaymentGatewayException
				|| failure instanceof DataAccessResourceFailureException) {
			logger.warn("Billing run ended early: " + failure);
		}
		else {
			logger.error("Billing run failed", failure);
		}
	}

}
