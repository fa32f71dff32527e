package dev.leader.messaging;

/**
 * What a sender does with a message sent outside a leader-only call, where no fencing
 * token is bound to the thread.
 *
 * @author leader-spring-boot-starter
 */
public enum OutsideLeaderCall {

	/**
	 * Send the message without a {@code Fencing-Token} header (the default): the same
	 * template or channel serves leader-only and ordinary work.
	 */
	OMIT,

	/**
	 * Refuse to send it: an {@link IllegalStateException} says that no token is bound.
	 * For templates and channels that only leader-only work may use.
	 */
	REFUSE

}
