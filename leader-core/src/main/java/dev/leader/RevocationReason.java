package dev.leader;

/**
 * Why a node stopped leading a group.
 *
 * @author leader-spring-boot-starter
 */
public enum RevocationReason {

	/**
	 * The node gave the lease up on request ({@link LeaderCoordinator#yield(String)}).
	 */
	YIELDED,

	/** The store reported that the lease expired or another node holds it. */
	LEASE_LOST,

	/**
	 * The lease could not be renewed in time, so the node stepped down before it could
	 * have expired in the store.
	 */
	STORE_UNREACHABLE,

	/** The coordinator is shutting down and released the lease. */
	SHUTDOWN

}
