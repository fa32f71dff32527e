package dev.leader.sample.billing.provider;

import java.time.Instant;

/**
 * A charge request the simulator holds, unanswered, until it is released.
 *
 * @param group the fencing token's group
 * @param fencingToken the fencing token's value
 * @param idempotencyKey the idempotency key
 * @param subscriptionId the subscription to charge
 * @param period the period to charge
 * @param heldSince when the request arrived
 * @author leader-spring-boot-starter
 */
public record HeldCharge(String group, long fencingToken, String idempotencyKey, long subscriptionId, int period,
		Instant heldSince) {

}
