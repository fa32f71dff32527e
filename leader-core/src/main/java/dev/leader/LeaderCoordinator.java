/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.leader;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Elects one leader per group through leases in a coordination store. Every grant carries
 * a {@link FencingToken} that strictly increases per group.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface LeaderCoordinator {

	/**
	 * This node's id, unique in the cluster.
	 * @return the node id
	 */
	String nodeId();

	/**
	 * The identity of this start of the coordinator: the {@linkplain #nodeId() node id},
	 * {@code #} and a per-start nonce ({@link Identifiers#newInstanceId(String)}). The
	 * store records it as the holder of the leases this node takes, so two processes
	 * configured with one node id never take each other's lease, and a restarted node
	 * waits for its previous lease to be released or to expire like any other node.
	 * @return the instance id (the node id for coordinators that do not tell instances
	 * apart)
	 */
	default String instanceId() {
		return nodeId();
	}

	/**
	 * A short description of the store, such as {@code jdbc:postgresql}.
	 * @return the store description
	 */
	String store();

	/**
	 * Join the election of a group (no-op when already campaigning for it).
	 * @param group the group name
	 */
	void campaign(String group);

	/**
	 * Whether this node holds a locally valid lease of the group: it renewed the lease
	 * within the lease duration, counted on the monotonic clock from when the renewal was
	 * sent, less a safety margin. Answers without a round trip.
	 * @param group the group name
	 * @return {@code true} while this node leads the group
	 */
	boolean isLeader(String group);

	/**
	 * The token of this node's locally valid lease of the group.
	 * @param group the group name
	 * @return the token, or empty when this node does not lead the group
	 */
	Optional<FencingToken> token(String group);

	/**
	 * The group's lease as the store sees it (one round trip).
	 * @param group the group name
	 * @return the lease, or empty when the group was never leased
	 * @throws LeaderStoreException when the store cannot answer
	 */
	Optional<Lease> lease(String group);

	/**
	 * Check with the store (one round trip) that the token is still the group's current,
	 * unexpired lease.
	 * @param token the token to check
	 * @throws FencingException when the token is stale
	 * @throws LeaderStoreException when the store cannot answer
	 */
	void verify(FencingToken token);

	/**
	 * Give up the leadership of a group, releasing the lease so that another node takes
	 * over at its next attempt. This node campaigns again after a back-off.
	 * @param group the group name
	 * @return {@code true} when this node was leading and yielded
	 */
	boolean yield(String group);

	/**
	 * Check that the store answers (one round trip), for health checks.
	 * @throws LeaderStoreException when it does not
	 */
	default void checkStore() {
		lease(groups().stream().findFirst().orElse("default"));
	}

	/**
	 * Drain a group, before a deploy or to move it off this node: hand it over and stop
	 * campaigning for it until {@link #resume(String)}. Running leader-only work of the
	 * group finishes (or is interrupted after the shutdown timeout) before the group is
	 * released, and the next leader's token is greater.
	 * @param group a group this node campaigns for
	 * @return {@code false} when this node does not campaign for the group or it is
	 * drained already
	 * @since 0.1.0
	 */
	boolean drain(String group);

	/**
	 * Campaign again for a group drained by {@link #drain(String)}.
	 * @param group the group
	 * @return {@code false} when the group was not drained
	 * @since 0.1.0
	 */
	boolean resume(String group);

	/**
	 * The groups this node was asked to campaign for but may not lead (see
	 * {@code CoordinatorBuilder.eligibility}), each with the reason; it never campaigns
	 * for them.
	 * @return the reasons by group, sorted by group
	 * @since 0.1.0
	 */
	default Map<String, String> ineligibleGroups() {
		return Map.of();
	}

	/**
	 * The duplicate-leader findings of this node's recent checks (see
	 * {@link LeadershipConflict}), oldest first; empty when the store publishes no
	 * beliefs.
	 * @return the recent findings
	 * @since 0.1.0
	 */
	default List<LeadershipConflict> conflicts() {
		return List.of();
	}

	/**
	 * How this node sees the spread of groups over the nodes (balancing, share, load),
	 * for coordinators that balance.
	 * @return the state, or empty when this coordinator does not place groups
	 */
	default Optional<PlacementState> placement() {
		return Optional.empty();
	}

	/**
	 * Where a group may run among the live nodes: the live campaigning nodes eligible for
	 * it and, of those, the preferred ones, as this node judges them by the ids and tags
	 * their membership records publish.
	 * @param group the group (it need not be one this node campaigns for)
	 * @return the group's placement, or empty when this coordinator does not place groups
	 * @since 0.1.0
	 */
	default Optional<PlacementState.Group> placement(String group) {
		return Optional.empty();
	}

	/**
	 * Pause a group cluster-wide, for maintenance: a flag kept in the store, written at
	 * once. While the group is paused no node runs its leader-only work (calls end
	 * {@code SKIPPED} with reason {@code PAUSED}); its leader keeps the lease and the
	 * token, and every node sees the flag within one round of its store exchange. Work
	 * running when the flag is set finishes.
	 * @param group the group (a valid group name; it need not have been leased yet)
	 * @return whether the group was not paused already
	 * @throws LeaderConfigurationException when the group name is invalid
	 * @throws LeaderStoreException when the store could not write the flag
	 * @throws UnsupportedOperationException when the store keeps no pause flags
	 * @since 0.1.0
	 */
	default boolean pause(String group) {
		throw new UnsupportedOperationException("The " + store() + " store keeps no pause flags");
	}

	/**
	 * Lift the cluster-wide pause of a group set by {@link #pause(String)}, at once in
	 * the store; every node runs the group's leader-only work again from its next round.
	 * @param group the group
	 * @return whether the group was paused
	 * @throws LeaderConfigurationException when the group name is invalid
	 * @throws LeaderStoreException when the store could not write the flag
	 * @throws UnsupportedOperationException when the store keeps no pause flags
	 * @since 0.1.0
	 */
	default boolean unpause(String group) {
		throw new UnsupportedOperationException("The " + store() + " store keeps no pause flags");
	}

	/**
	 * The groups paused cluster-wide, as of this node's last exchange with the store, and
	 * its own pause and unpause calls at once. Answers without a round trip.
	 * @return the group names, sorted; empty when the store keeps no pause flags
	 * @since 0.1.0
	 */
	default Set<String> pausedGroups() {
		return Set.of();
	}

	/**
	 * Whether a group is paused cluster-wide, by {@link #pausedGroups()}.
	 * @param group the group
	 * @return whether it is paused
	 * @since 0.1.0
	 */
	default boolean isPaused(String group) {
		return pausedGroups().contains(group);
	}

	/**
	 * The groups drained and not resumed.
	 * @return the group names, sorted
	 * @since 0.1.0
	 */
	Set<String> drainedGroups();

	/**
	 * The groups this node campaigns for.
	 * @return the group names
	 */
	Set<String> groups();

	/**
	 * The leadership history the store keeps: every grant and end of a lease of every
	 * group, in store time, readable on any node.
	 * @return the history, or empty when the store keeps none
	 * @since 0.1.0
	 */
	default Optional<LeadershipHistory> leadershipHistory() {
		return Optional.empty();
	}

}
