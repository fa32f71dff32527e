package dev.leader;

import java.time.Clock;

/**
 * This node stopped being the leader of a group.
 *
 * @author leader-spring-boot-starter
 */
public class LeadershipRevokedEvent extends LeadershipEvent {

	private final RevocationReason reason;

	public LeadershipRevokedEvent(LeaderCoordinator source, FencingToken token, RevocationReason reason, Clock clock) {
		super(source, token, clock);
		this.reason = reason;
	}

	/**
	 * Why leadership ended.
	 * @return the reason
	 */
	public RevocationReason getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "LeadershipRevokedEvent[" + getToken() + ", " + this.reason + "]";
	}

}
