package dev.leader;

import java.time.Clock;

/**
 * This node became the leader of a group.
 *
 * @author leader-spring-boot-starter
 */
public class LeadershipGrantedEvent extends LeadershipEvent {

	public LeadershipGrantedEvent(LeaderCoordinator source, FencingToken token, Clock clock) {
		super(source, token, clock);
	}

	@Override
	public String toString() {
		return "LeadershipGrantedEvent[" + getToken() + "]";
	}

}
