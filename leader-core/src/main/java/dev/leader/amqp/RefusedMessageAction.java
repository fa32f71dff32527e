package dev.leader.amqp;

/**
 * What a listener container does with a message the fencing check refuses (stale, an
 * unreadable token, or no token when those are dropped). It is never requeued: a refused
 * message would be refused again on every redelivery.
 *
 * @author leader-spring-boot-starter
 */
public enum RefusedMessageAction {

	/**
	 * Acknowledge it without calling the listener (the default): the broker forgets it.
	 */
	ACKNOWLEDGE,

	/**
	 * Reject it without requeueing: the broker dead-letters it when the queue has a
	 * dead-letter exchange ({@code x-dead-letter-exchange}), and discards it otherwise.
	 */
	REJECT

}
