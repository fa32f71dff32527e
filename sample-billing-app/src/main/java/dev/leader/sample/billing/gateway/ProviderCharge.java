package dev.leader.sample.billing.gateway;

/**
 * The payment provider's answer to a charge it accepted.
 *
 * @param chargeId the provider's id of the charge
 * @param replayed {@code true} when the idempotency key had been charged before and the
 * provider answered with that earlier charge (HTTP 200) instead of charging again (HTTP
 * 201)
 * @author leader-spring-boot-starter
 */
public record ProviderCharge(String chargeId, boolean replayed) {

}
