package dev.leader;

/**
 * Receives this node's leadership changes, in order per group. Called on the
 * coordinator's event thread: return quickly.
 *
 * @author leader-spring-boot-starter
 */
@FunctionalInterface
public interface LeadershipListener {

	/**
	 * Called after this node's leadership of a group changed.
	 * @param event a {@link LeadershipGrantedEvent} or a {@link LeadershipRevokedEvent}
	 */
	void onLeadershipChange(LeadershipEvent event);

}
