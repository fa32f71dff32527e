package dev.leader.sample.billing.provider;

import java.time.Instant;

/**
 * A charge the provider made.
 *
 * @param chargeId the provider's id of the charge
 * @param idempotencyKey the key it was made under
 * @param group the fencing token's group
 * @param fencingToken the fencing token's value
 * @param customerId the customer charged
 * @param subscriptionId the subscription charged
 * @param period the period paid for
 * @param amountCents the amount, in cents
 * @param currency the currency
 * @param createdAt when the provider made it
 * @author leader-spring-boot-starter
 */
public record LedgerCharge(String chargeId, String idempotencyKey, String group, long fencingToken, long customerId,
		long subscriptionId, int period, long amountCents, String currency, Instant createdAt) {

	/**
	 * Whether a repeated request asks for the same charge.
	 * @param command the repeated request
	 * @return {@code true} when every field matches
	 */
	boolean matches(ChargeCommand command) {
		return this.customerId == command.customerId() && this.subscriptionId == command.subscriptionId()
				&& this.period == command.period() && this.amountCents == command.amountCents()
				&& this.currency.equals(command.currency());
	}

}
