package dev.leader.aop;

/**
 * Told about every call of a leader-only method, on the calling thread (metrics, the
 * actuator endpoint's job list). Must be quick and must not throw.
 *
 * @author leader-spring-boot-starter
 */
@FunctionalInterface
public interface LeaderJobListener {

	/**
	 * Called after each call of a leader-only method.
	 * @param execution the call
	 */
	void onExecution(LeaderJobExecution execution);

}
