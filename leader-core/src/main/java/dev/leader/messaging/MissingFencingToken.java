package dev.leader.messaging;

/**
 * What a consumer does with a message that carries no {@code Fencing-Token} header.
 *
 * @author leader-spring-boot-starter
 */
public enum MissingFencingToken {

	/**
	 * Deliver it (the default): senders that are not leaders keep working.
	 */
	ACCEPT,

	/**
	 * Drop it, as a stale one is dropped: for destinations that only leaders write to.
	 */
	DROP

}
