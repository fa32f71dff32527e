package dev.leader.test;

/**
 * Which groups an {@link InMemoryLeaderCoordinator} leads when it starts, campaigns for a
 * group, or is {@linkplain InMemoryLeaderCoordinator#reset() reset}.
 *
 * @author leader-spring-boot-starter
 */
public enum LeadershipMode {

	/** Lead every group, as the only node of a cluster would. */
	ALL,

	/** Lead no group, as a follower whose leader lives elsewhere would. */
	NONE,

	/** Lead only the groups named in the configuration. */
	GROUPS

}
