package dev.leader.sample.billing.gateway;

/**
 * The body of {@code POST {url}/charges}.
 *
 * @param customerId the customer charged
 * @param subscriptionId the subscription charged
 * @param period the subscription period paid for
 * @param amountCents the amount, in cents
 * @param currency the ISO currency code
 * @author leader-spring-boot-starter
 */
public record ChargeRequest(long customerId, long subscriptionId, int period, long amountCents, String currency) {

}
