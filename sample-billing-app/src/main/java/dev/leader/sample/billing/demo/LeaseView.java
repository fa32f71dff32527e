package dev.leader.sample.billing.demo;

import java.time.Instant;

/**
 * The {@code billing} group as a node's actuator endpoint shows it
 * ({@code GET /actuator/leader/billing}).
 *
 * @param leader the node holding an active lease, or {@code null}
 * @param token the group's latest fencing token
 * @param acquiredAt when the holder acquired the lease (database time)
 * @param expiresAt when the lease expires unless renewed (database time)
 * @param active whether a node holds an unexpired lease
 * @param thisNodeLeads whether the node asked leads
 * @param error why the store could not be read, or {@code null}
 * @author leader-spring-boot-starter
 */
public record LeaseView(String leader, Long token, Instant acquiredAt, Instant expiresAt, boolean active,
		boolean thisNodeLeads, String error) {

	/**
	 * Whether some node leads.
	 * @return {@code true} when the lease is active
	 */
	public boolean hasLeader() {
		return this.active && this.leader != null;
	}

}
