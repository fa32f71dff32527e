package dev.leader;

import java.time.Duration;

/**
 * Told about the coordinator's routine work that events do not cover, for metrics: lease
 * renewals and fencing checks. Called on the coordinator's or the caller's thread: must
 * be quick and must not throw.
 *
 * @author leader-spring-boot-starter
 */
public interface LeaseObserver {

	/** An observer that ignores everything. */
	LeaseObserver NONE = new LeaseObserver() {
	};

	/**
	 * A renewal attempt of this node's lease ended.
	 * @param group the group
	 * @param took how long the attempt took
	 * @param success whether the lease was renewed
	 */
	default void renewed(String group, Duration took, boolean success) {
	}

	/**
	 * A fencing token was checked against the store ({@code verify} or a guard).
	 * @param token the token
	 * @param valid {@code true} when it was current, {@code false} when it was stale
	 */
	default void fencingChecked(FencingToken token, boolean valid) {
	}

}
