package dev.leader.test.app;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;

/**
 * A leader-only method that tests call directly: job {@code Billing.chargeDue}.
 */
public class Billing {

	/**
	 * Charge what is due, on the leader of group {@code billing} only.
	 * @return the token it ran under, or {@code null} when skipped
	 */
	@LeaderOnly("billing")
	public FencingToken chargeDue() {
		return LeaderContext.require();
	}

}
