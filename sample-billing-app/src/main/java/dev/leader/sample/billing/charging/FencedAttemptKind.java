package dev.leader.sample.billing.charging;

/**
 * Where a stale fencing token was refused.
 *
 * @author leader-spring-boot-starter
 */
public enum FencedAttemptKind {

	/** By {@code LeaderCoordinator.verify} before the call to the payment provider. */
	VERIFY,

	/** By the payment provider (HTTP 409): it had seen a newer token. */
	PROVIDER,

	/** By the JDBC fencing guard, before the charge was written to the database. */
	GUARD

}
