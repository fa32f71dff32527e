package dev.leader.sample.billing.subscription;

import java.time.Duration;

/**
 * The plans a customer can subscribe to.
 *
 * @author leader-spring-boot-starter
 */
public enum Plan {

	/** Charged every month. */
	MONTHLY(1, 990),

	/** Charged every twelve months, at a discount. */
	ANNUAL(12, 9900);

	private final int months;

	private final long priceCents;

	Plan(int months, long priceCents) {
		this.months = months;
		this.priceCents = priceCents;
	}

	/**
	 * The price of one period.
	 * @return the price in cents of the subscription's currency
	 */
	public long priceCents() {
		return this.priceCents;
	}

	/**
	 * The length of one period.
	 * @param month how long a month lasts
	 * @return the period length
	 */
	public Duration periodLength(Duration month) {
		return month.multipliedBy(this.months);
	}

}
