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

package dev.leader.boot.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import dev.leader.Identifiers;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipConflict;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipRecord;
import dev.leader.Lease;
import dev.leader.PlacementState;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.aop.RecentLeaderJobs;

/**
 * The {@code leader} actuator endpoint: this node, its store, who leads each group as the
 * store sees it, who led each group when (the store's leadership history, answered on any
 * node), and what the leader-only jobs did here. Write operations make this node yield,
 * drain or resume a group, or drain or resume all of them, and pause or unpause a group
 * cluster-wide (a flag in the store); like every write, they need access beyond the
 * default read-only. It is technology-neutral (JMX sees it as it is);
 * {@link LeaderEndpointWebExtension} adds the HTTP status codes.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@Endpoint(id = "leader", defaultAccess = Access.READ_ONLY)
public class LeaderEndpoint {

	private final LeaderCoordinator coordinator;

	private final RecentLeaderJobs jobs;

	private final LeadershipDrill drill;

	/** The path segment of a group's history. */
	static final String HISTORY = "history";

	public LeaderEndpoint(LeaderCoordinator coordinator, RecentLeaderJobs jobs) {
		this.coordinator = coordinator;
		this.jobs = jobs;
		this.drill = new LeadershipDrill(coordinator);
	}

	/**
	 * {@code GET /actuator/leader}.
	 * @return this node, its store, every group and the recent job outcomes
	 */
	@ReadOperation
	public LeaderDescriptor leader() {
		Map<String, GroupDescriptor> groups = new LinkedHashMap<>();
		Set<String> drained = this.coordinator.drainedGroups();
		for (String group : this.coordinator.groups()) {
			groups.put(group, describe(group, drained));
		}
		return new LeaderDescriptor(this.coordinator.nodeId(), this.coordinator.instanceId(), this.coordinator.store(),
				groups, this.coordinator.ineligibleGroups(), this.coordinator.pausedGroups(),
				this.coordinator.placement().orElse(null),
				this.jobs.summaries().stream().map(JobDescriptor::of).toList());
	}

	/**
	 * {@code GET /actuator/leader/{group}}.
	 * @param group the group
	 * @return the group, or {@code null} when this node does not campaign for it
	 */
	@ReadOperation
	public @Nullable GroupDescriptor group(@Selector String group) {
		return this.coordinator.groups().contains(group) ? describe(group, this.coordinator.drainedGroups()) : null;
	}

	/**
	 * {@code GET /actuator/leader/{group}/history?since=<ISO-8601 instant>}: who led the
	 * group when, as the store's leadership history has it (every grant and end of a
	 * lease, in store time), answered from the store on any node, whether or not it
	 * campaigns for the group. Without {@code since}, every record the store keeps.
	 * @param group the group
	 * @param segment {@code history}
	 * @param since the earliest end of interest, an ISO-8601 instant such as
	 * {@code 2026-01-31T12:00:00Z}, or {@code null} for every record
	 * @return the records that had not ended before {@code since}, oldest first, or
	 * {@code null} for another segment
	 * @throws InvalidEndpointRequestException for an invalid {@code since} or group name
	 * (HTTP 400)
	 */
	@ReadOperation
	public @Nullable HistoryDescriptor history(@Selector String group, @Selector String segment,
			@Nullable String since) {
		return HISTORY.equals(segment) ? GroupHistory.read(this.coordinator, group, since) : null;
	}

	/**
	 * {@code POST /actuator/leader}, body {@code {"action": "drain"}} or
	 * {@code {"action": "resume"}}: drain every group this node campaigns for (hand each
	 * over and stop campaigning, before a deploy), or resume them all.
	 * @param action {@code drain} or {@code resume}
	 * @return the groups the action changed and the groups drained now
	 * @throws InvalidEndpointRequestException for another action (HTTP 400)
	 */
	@WriteOperation
	public NodeActionDescriptor nodeAction(String action) {
		NodeAction parsed = NodeAction.parse(action);
		List<String> changed = new ArrayList<>();
		for (String group : this.coordinator.groups()) {
			boolean done = (parsed == NodeAction.DRAIN) ? this.coordinator.drain(group)
					: this.coordinator.resume(group);
			if (done) {
				changed.add(group);
			}
		}
		return new NodeActionDescriptor(this.coordinator.nodeId(), parsed.value(), changed,
				this.coordinator.drainedGroups());
	}

	/**
	 * {@code POST /actuator/leader/{group}}, without a body or with {@code {"action":
	 * "yield"}}: make this node yield the group, so that another node takes over at its
	 * next attempt; with {@code {"action": "drain"}}: hand it over and stop campaigning
	 * for it until {@code {"action": "resume"}}; with {@code {"action": "drill"}}, on the
	 * leader: yield and wait (at most 30 s) until another node leads with a greater
	 * token, and report who took over and how long it took; with {@code {"action":
	 * "pause"}} or {@code {"action": "unpause"}}: pause or unpause the group cluster-wide
	 * (no node runs its leader-only work while it is paused; the leader keeps the lease
	 * and the token).
	 * @param group the group
	 * @param action {@code yield} (the default), {@code drain}, {@code resume},
	 * {@code drill}, {@code pause} or {@code unpause}
	 * @return a {@link YieldDescriptor}, a {@link DrainDescriptor}, a
	 * {@link PauseDescriptor} or the drill's result, or {@code null} for a group this
	 * node does not campaign for
	 * @throws InvalidEndpointRequestException for another action, or a pause on a store
	 * that keeps no pause flags (HTTP 400)
	 */
	@WriteOperation
	public @Nullable Object groupAction(@Selector String group, @Nullable String action) {
		GroupAction parsed = GroupAction.parse(action);
		if (!this.coordinator.groups().contains(group)) {
			return null;
		}
		String node = this.coordinator.nodeId();
		return switch (parsed) {
			case YIELD -> new YieldDescriptor(group, node, this.coordinator.yield(group));
			case DRAIN -> new DrainDescriptor(group, node, parsed.value(), this.coordinator.drain(group), true);
			case RESUME -> new DrainDescriptor(group, node, parsed.value(), this.coordinator.resume(group), false);
			case DRILL -> this.drill.run(group);
			case PAUSE, UNPAUSE -> pause(group, parsed == GroupAction.PAUSE);
		};
	}

	private PauseDescriptor pause(String group, boolean pause) {
		String action = pause ? "pause" : "unpause";
		try {
			boolean changed = pause ? this.coordinator.pause(group) : this.coordinator.unpause(group);
			return new PauseDescriptor(group, this.coordinator.nodeId(), action, changed,
					this.coordinator.isPaused(group));
		}
		catch (UnsupportedOperationException ex) {
			throw new InvalidEndpointRequestException("Cannot " + action + " group '" + group + "': " + ex.getMessage(),
					"Pause not supported by the store");
		}
	}

	private GroupDescriptor describe(String group, Set<String> drainedGroups) {
		boolean leading = this.coordinator.isLeader(group);
		boolean drained = drainedGroups.contains(group);
		boolean paused = this.coordinator.isPaused(group);
		List<LeadershipConflict> conflicts = this.coordinator.conflicts()
			.stream()
			.filter((conflict) -> conflict.group().equals(group))
			.toList();
		PlacementState.Group placement = this.coordinator.placement(group).orElse(null);
		Set<String> eligible = (placement != null) ? placement.eligibleNodes() : null;
		Set<String> preferred = (placement != null) ? placement.preferredNodes() : null;
		try {
			Lease lease = this.coordinator.lease(group).orElse(null);
			if (lease == null) {
				return new GroupDescriptor(null, null, null, null, null, null, false, leading, drained, paused,
						eligible, preferred, null, conflicts);
			}
			String holder = lease.activeHolder().orElse(null);
			return new GroupDescriptor((holder != null) ? Identifiers.nodeIdOf(holder) : null, holder, lease.token(),
					lease.acquiredAt(), lease.renewedAt(), lease.expiresAt(), lease.isActive(), leading, drained,
					paused, eligible, preferred, null, conflicts);
		}
		catch (LeaderStoreException ex) {
			return new GroupDescriptor(null, null, null, null, null, null, false, leading, drained, paused, eligible,
					preferred, "store unreachable: " + ex.getMessage(), conflicts);
		}
	}

	/**
	 * The action of a request, by its lower-case name.
	 * @param actions the actions the request may ask for
	 * @param action what it asked for
	 * @param target what it is for, for the message
	 * @throws InvalidEndpointRequestException for another action (HTTP 400)
	 */
	private static <A extends Enum<A>> A parse(Class<A> actions, String action, String target) {
		List<String> names = new ArrayList<>();
		for (A candidate : actions.getEnumConstants()) {
			String name = candidate.name().toLowerCase(Locale.ROOT);
			if (name.equals(action)) {
				return candidate;
			}
			names.add(name);
		}
		throw new InvalidEndpointRequestException(
				"Unknown action '" + action + "' for " + target + "; expected one of " + names,
				"Unknown action for " + target);
	}

	/**
	 * This node's view of leader election.
	 *
	 * @param node this node's id
	 * @param instance this start's instance id (the node id, {@code #} and a nonce): the
	 * holder recorded in the store for the leases this node takes
	 * @param store the store
	 * @param groups every group this node campaigns for
	 * @param ineligible the groups this node was asked to campaign for but may not lead
	 * ({@code leader.placement}), each with the reason
	 * @param paused the groups paused cluster-wide, as of this node's last exchange with
	 * the store (whether or not this node campaigns for them)
	 * @param placement how this node sees the spread of groups (live nodes, its share and
	 * load, and under {@code nodes} every live node: tags, campaigning, groups led, load,
	 * share), or {@code null} for a coordinator that does not place groups
	 * @param jobs the leader-only jobs called on this node
	 */
	public record LeaderDescriptor(String node, String instance, String store, Map<String, GroupDescriptor> groups,
			Map<String, String> ineligible, Set<String> paused, @Nullable PlacementState placement,
			List<JobDescriptor> jobs) {

	}

	/**
	 * One leader-only job as seen on this node.
	 *
	 * @param job the job name
	 * @param group the lease group
	 * @param lastCallAt when it was last called here (any outcome)
	 * @param lastOutcome the outcome of that call
	 * @param lastDurationMillis how long that call took, in milliseconds
	 * @param lastRanAt when it last ran here, or {@code null}
	 * @param lastToken the token of that run, or {@code null}
	 * @param lastFailure the message of the last failure, or {@code null}
	 * @param counts how often each outcome happened here
	 */
	public record JobDescriptor(String job, String group, Instant lastCallAt, LeaderJobOutcome lastOutcome,
			double lastDurationMillis, @Nullable Instant lastRanAt, @Nullable Long lastToken,
			@Nullable String lastFailure, Map<LeaderJobOutcome, Long> counts) {

		static JobDescriptor of(RecentLeaderJobs.JobSummary summary) {
			return new JobDescriptor(summary.job(), summary.group(), summary.lastCallAt(), summary.lastOutcome(),
					summary.lastDuration().toNanos() / 1_000_000.0, summary.lastRanAt(), summary.lastToken(),
					summary.lastFailure(), summary.counts());
		}

	}

	/**
	 * One group as the store sees it.
	 *
	 * @param leader the node id of the holder of an active lease, or {@code null}
	 * @param leaderInstance the instance id holding an active lease (the store's holder),
	 * or {@code null}
	 * @param token the group's latest token
	 * @param acquiredAt when the holder acquired the lease (store time)
	 * @param renewedAt when the holder last renewed it (store time)
	 * @param expiresAt when it expires unless renewed (store time)
	 * @param active whether a node holds an unexpired lease
	 * @param thisNodeLeads whether this node holds a locally valid lease
	 * @param drained whether this node is drained from the group (does not campaign for
	 * it until resumed)
	 * @param paused whether the group is paused cluster-wide: no node runs its
	 * leader-only work (as of this node's last exchange with the store)
	 * @param eligibleNodes the live campaigning nodes that may lead the group
	 * ({@code leader.placement.groups.<group>.nodes} / {@code .tags}, judged by the ids
	 * and tags their membership records publish), or {@code null} for a coordinator that
	 * does not place groups
	 * @param preferredNodes those of them preferred to lead it
	 * ({@code leader.placement.groups.<group>.preferred} names their id or one of their
	 * tags), or {@code null} for a coordinator that does not place groups
	 * @param error why the store could not be read, or {@code null}
	 * @param conflicts the duplicate-leader findings of this node's recent checks in the
	 * group, oldest first
	 */
	public record GroupDescriptor(@Nullable String leader, @Nullable String leaderInstance, @Nullable Long token,
			@Nullable Instant acquiredAt, @Nullable Instant renewedAt, @Nullable Instant expiresAt, boolean active,
			boolean thisNodeLeads, boolean drained, boolean paused, @Nullable Set<String> eligibleNodes,
			@Nullable Set<String> preferredNodes, @Nullable String error, List<LeadershipConflict> conflicts) {

	}

	/**
	 * The result of a yield request.
	 *
	 * @param group the group
	 * @param node this node
	 * @param yielded whether this node was leading and yielded
	 */
	public record YieldDescriptor(String group, String node, boolean yielded) {

	}

	/**
	 * A group's leadership history.
	 *
	 * @param group the group
	 * @param store the store that keeps it
	 * @param since the earliest end of interest (the epoch for every record)
	 * @param kept whether the store keeps a leadership history
	 * @param records the records that had not ended before {@code since}, oldest first
	 * @param error why the store could not be read, or {@code null}
	 */
	public record HistoryDescriptor(String group, String store, Instant since, boolean kept,
			List<RecordDescriptor> records, @Nullable String error) {

	}

	/**
	 * One leadership of a group.
	 *
	 * @param token the fencing token of the leadership
	 * @param node the holder's node id
	 * @param instance the holder's instance id
	 * @param start when the lease was granted (store time)
	 * @param end when it ended (store time: released, or inferred by the next holder), or
	 * {@code null} while no end is recorded
	 * @param endReason why it ended, or {@code null}
	 * @param durationMillis how long it lasted, once ended
	 * @param detail more about the end (a drill's successor and handover time), or
	 * {@code null}
	 */
	public record RecordDescriptor(long token, String node, String instance, Instant start, @Nullable Instant end,
			@Nullable LeadershipEnd endReason, @Nullable Long durationMillis, @Nullable String detail) {

		static RecordDescriptor of(LeadershipRecord record) {
			return new RecordDescriptor(record.token(), record.node(), record.instance(), record.start(), record.end(),
					record.endReason(), record.duration().map((duration) -> duration.toMillis()).orElse(null),
					record.detail());
		}

	}

	/**
	 * The result of a drill.
	 *
	 * @param group the group
	 * @param node this node, which led and yielded
	 * @param succeeded whether another node took over within the timeout
	 * @param oldToken the token this node led with, or {@code null}
	 * @param successor the node id that took over, or {@code null}
	 * @param successorInstance its instance id, or {@code null}
	 * @param newToken its token, or {@code null}
	 * @param handoverMillis from the yield to the store showing the successor, or
	 * {@code null}
	 * @param recorded whether the leadership history records the yield as a drill
	 * ({@link LeadershipEnd#DRILL}, with the successor and handover time)
	 * @param message what happened
	 */
	public record DrillDescriptor(String group, String node, boolean succeeded, @Nullable Long oldToken,
			@Nullable String successor, @Nullable String successorInstance, @Nullable Long newToken,
			@Nullable Double handoverMillis, boolean recorded, String message) {

	}

	/**
	 * The result of a drain or resume request for one group.
	 *
	 * @param group the group
	 * @param node this node
	 * @param action {@code drain} or {@code resume}
	 * @param changed whether the request changed anything ({@code false}: drained or
	 * resumed already)
	 * @param drained whether this node is drained from the group now
	 */
	public record DrainDescriptor(String group, String node, String action, boolean changed, boolean drained) {

	}

	/**
	 * The result of a pause or unpause request for one group, cluster-wide.
	 *
	 * @param group the group
	 * @param node this node, which wrote the flag to the store
	 * @param action {@code pause} or {@code unpause}
	 * @param changed whether the request changed anything ({@code false}: paused or
	 * unpaused already)
	 * @param paused whether the group is paused now
	 */
	public record PauseDescriptor(String group, String node, String action, boolean changed, boolean paused) {

	}

	/**
	 * The result of a drain or resume request for every group of this node.
	 *
	 * @param node this node
	 * @param action {@code drain} or {@code resume}
	 * @param changed the groups the request changed
	 * @param drained the groups this node is drained from now
	 */
	public record NodeActionDescriptor(String node, String action, List<String> changed, Set<String> drained) {

	}

	/**
	 * What {@code POST /actuator/leader/{group}} asks for.
	 */
	enum GroupAction {

		YIELD, DRAIN, RESUME, DRILL, PAUSE, UNPAUSE;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static GroupAction parse(@Nullable String action) {
			return (action != null) ? LeaderEndpoint.parse(GroupAction.class, action, "a group") : YIELD;
		}

	}

	/**
	 * What {@code POST /actuator/leader} asks for.
	 */
	enum NodeAction {

		DRAIN, RESUME;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static NodeAction parse(String action) {
			return LeaderEndpoint.parse(NodeAction.class, action, "the node");
		}

	}

}
