package dev.leader.sample.billing.provider;

/**
 * The body of {@code POST /charges}; every field is required.
 *
 * @param customerId the customer charged
 * @param subscriptionId the subscription charged
 * @param period the subscription period paid for
 * @param amountCents the amount, in cents
 * @param currency the ISO currency code
 * @author leader-spring-boot-starter
 */
public record ChargeCommand(Long customerId, Long subscriptionId, Integer period, Long amountCents, String currency) {

	/**
	 * Whether every field is present and sensible.
	 * @return {@code true} when the command can be charged
	 */
	public boolean isComplete() {
		return this.customerId != null && this.subscriptionId != null && this.period != null && this.amountCents != null
				&& this.amountCents > 0 && this.currency != null && this.currency.length() == 3;
	}

}
