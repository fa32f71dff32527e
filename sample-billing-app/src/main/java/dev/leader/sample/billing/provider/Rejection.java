package dev.leader.sample.billing.provider;

import java.time.Instant;

/**
 * A charge request refused with 409 because its fencing token was older than one the
 * provider had already seen for the group.
 *
 * @param group the token's group
 * @param fencingToken the stale token's value
 * @param latestToken the newest token the provider had seen for the group
 * @param idempotencyKey the request's idempotency key
 * @param subscriptionId the subscription it would have charged
 * @param period the period it would have charged
 * @param rejectedAt when it was refused
 * @author leader-spring-boot-starter
 */
public record Rejection(String group, long fencingToken, long latestToken, String idempotencyKey, long subscriptionId,
		int period, Instant rejectedAt) {

}
