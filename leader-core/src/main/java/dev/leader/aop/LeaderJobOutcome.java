package dev.leader.aop;

/**
 * What became of one call of a leader-only method.
 *
 * @author leader-spring-boot-starter
 */
public enum LeaderJobOutcome {

	/** This node led the group and the method ran (and returned normally). */
	RAN,

	/**
	 * This node did not lead the group (or was shutting down): the method was skipped.
	 */
	SKIPPED,

	/** The token failed verification right before the call: the method was skipped. */
	FENCED,

	/** The method ran and threw, or the token could not be verified. */
	FAILED

}
