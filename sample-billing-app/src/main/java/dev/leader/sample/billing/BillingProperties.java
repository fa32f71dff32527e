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

package dev.leader.sample.billing;

import java.net.URI;
import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration of the billing sample, under the {@code billing} prefix. Time is
 * configurable so that a demo runs many billing periods in a minute.
 *
 * @author leader-spring-boot-starter
 */
@ConfigurationProperties("billing")
public class BillingProperties implements InitializingBean {

	/**
	 * How long a month lasts: the period of monthly plans (annual plans last twelve).
	 * Seconds let a demo run many billing periods in a minute.
	 */
	private Duration month = Duration.ofSeconds(10);

	/**
	 * How long before a subscription's current period ends the next period is charged.
	 * Less than a month.
	 */
	private Duration chargeAhead = Duration.ofSeconds(2);

	/**
	 * Number of customers (one subscription each) created when the database is first
	 * migrated.
	 */
	private int customers = 1000;

	/**
	 * Subscriptions charged per batch; the leader runs batches until it has caught up.
	 */
	private int batchSize = 100;

	/**
	 * Delay between two runs of the billing job on the leader (read by its
	 * {@code @Scheduled} annotation).
	 */
	private Duration pollInterval = Duration.ofMillis(200);

	private final Gateway gateway = new Gateway();

	/**
	 * Check what no single property can: a period is charged ahead by less than a month,
	 * so that each subscription has at most one period paid before it starts.
	 */
	@Override
	public void afterPropertiesSet() {
		Assert.isTrue(this.chargeAhead.compareTo(this.month) < 0,
				() -> "billing.charge-ahead (" + this.chargeAhead.toMillis()
						+ " ms) must be shorter than billing.month (" + this.month.toMillis() + " ms)");
	}

	public Duration getMonth() {
		return this.month;
	}

	public void setMonth(Duration month) {
		Assert.isTrue(month.toMillis() > 0, "billing.month must be positive");
		this.month = month;
	}

	public Duration getChargeAhead() {
		return this.chargeAhead;
	}

	public void setChargeAhead(Duration chargeAhead) {
		Assert.isTrue(!chargeAhead.isNegative(), "billing.charge-ahead must not be negative");
		this.chargeAhead = chargeAhead;
	}

	public int getCustomers() {
		return this.customers;
	}

	public void setCustomers(int customers) {
		Assert.isTrue(customers >= 0, "billing.customers must not be negative");
		this.customers = customers;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		Assert.isTrue(batchSize > 0, "billing.batch-size must be positive");
		this.batchSize = batchSize;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Gateway getGateway() {
		return this.gateway;
	}

	/**
	 * The payment provider, reached over HTTP.
	 */
	public static class Gateway {

		/**
		 * Base URL of the payment provider: charges are POSTed to {url}/charges.
		 */
		private URI url = URI.create("http://127.0.0.1:8090");

		/**
		 * How long to wait for a connection to the payment provider.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * How long to wait for the payment provider's answer to a charge.
		 */
		private Duration timeout = Duration.ofSeconds(10);

		public URI getUrl() {
			return this.url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
