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

package dev.leader.engine;

import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipListener;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;

/**
 * The options every coordinator takes, whatever its store; a store's builder adds only
 * what is specific to it. Auto-configuration applies these options once, through
 * customizers, to whichever store's builder is in use.
 *
 * @param <B> the store's builder type
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class CoordinatorBuilder<B extends CoordinatorBuilder<B>> {

	private String nodeId = Identifiers.defaultNodeId();

	private final Set<String> groups = new LinkedHashSet<>();

	private LeadershipListener listener = (event) -> {
	};

	private Clock clock = Clock.systemUTC();

	private Consumer<String> beforeRelease = (group) -> {
	};

	private BiConsumer<String, RevocationReason> leadershipLost = (group, reason) -> {
	};

	private LeaseObserver observer = LeaseObserver.NONE;

	private Eligibility eligibility = Eligibility.ANY;

	private boolean detectConflicts = true;

	private HistoryRetention historyRetention = HistoryRetention.DEFAULTS;

	private PlacementPolicy placement = PlacementPolicy.DEFAULTS;

	private Set<String> nodeTags = Set.of();

	protected CoordinatorBuilder() {
	}

	/**
	 * This node's id; by default host name, pid and a random suffix.
	 * @param nodeId the node id
	 * @return this builder
	 */
	public B nodeId(String nodeId) {
		this.nodeId = Identifiers.requireValidNodeId(nodeId);
		return self();
	}

	/**
	 * Groups to campaign for from the start; more can join with
	 * {@link LeaderCoordinator#campaign(String)}.
	 * @param groups group names
	 * @return this builder
	 */
	public B groups(String... groups) {
		Arrays.stream(groups).map(Identifiers::requireValidGroup).forEach(this.groups::add);
		return self();
	}

	/**
	 * Receives leadership changes, in order per group, on the coordinator's event thread.
	 * @param listener the listener
	 * @return this builder
	 */
	public B listener(LeadershipListener listener) {
		this.listener = listener;
		return self();
	}

	/**
	 * Clock for event timestamps only: leases are timed by the store's clock and this
	 * node's monotonic clock, never by the wall clock.
	 * @param clock the clock
	 * @return this builder
	 */
	public B clock(Clock clock) {
		this.clock = clock;
		return self();
	}

	/**
	 * Called with a group after this node stepped down from it on {@code yield} or
	 * shutdown, before the lease is released: the place to finish or interrupt the
	 * group's running leader-only work, so that it ends before another node takes over.
	 * @param beforeRelease the hook, called on the thread that yields or stops
	 * @return this builder
	 */
	public B beforeRelease(Consumer<String> beforeRelease) {
		this.beforeRelease = beforeRelease;
		return self();
	}

	/**
	 * Called with a group and the reason at once when this node loses a group's lease
	 * ({@link RevocationReason#LEASE_LOST} or
	 * {@link RevocationReason#STORE_UNREACHABLE}), on the coordinator's own thread,
	 * before any {@linkplain #listener(LeadershipListener) listener} hears of it: the
	 * place to interrupt the group's running leader-only work. It must not block.
	 * @param leadershipLost the hook
	 * @return this builder
	 */
	public B leadershipLost(BiConsumer<String, RevocationReason> leadershipLost) {
		this.leadershipLost = leadershipLost;
		return self();
	}

	/**
	 * Told about renewals and fencing checks (metrics).
	 * @param observer the observer
	 * @return this builder
	 */
	public B observer(LeaseObserver observer) {
		this.observer = observer;
		return self();
	}

	/**
	 * Which groups this node may lead (default: every group); it never campaigns for the
	 * others, and {@link LeaderCoordinator#ineligibleGroups()} says why.
	 * @param eligibility the rule
	 * @return this builder
	 */
	public B eligibility(Eligibility eligibility) {
		this.eligibility = eligibility;
		return self();
	}

	/**
	 * Whether to publish what this node believes it leads with its store traffic and
	 * check every exchange for duplicate leaders (default: on, where the store keeps
	 * beliefs; see {@link LeaderCoordinator#conflicts()}).
	 * @param detectConflicts whether to detect duplicate leaders
	 * @return this builder
	 */
	public B detectConflicts(boolean detectConflicts) {
		this.detectConflicts = detectConflicts;
		return self();
	}

	/**
	 * How much leadership history the store keeps per group (default 30 days, at most
	 * 1000 records per group), for stores that keep one
	 * ({@link LeaderCoordinator#leadershipHistory()}).
	 * @param historyRetention the retention
	 * @return this builder
	 */
	public B historyRetention(HistoryRetention historyRetention) {
		this.historyRetention = historyRetention;
		return self();
	}

	/**
	 * How groups are spread over the nodes that campaign for them: balancing (on by
	 * default), weights, capacity, preferred nodes and the cool-down after a yield. Every
	 * move is a graceful handover with a greater token.
	 * @param placement the policy ({@link PlacementPolicy#NONE} to leave groups where
	 * they were won)
	 * @return this builder
	 */
	public B placement(PlacementPolicy placement) {
		this.placement = placement;
		return self();
	}

	/**
	 * This node's tags ({@code leader.node-tags}, for example a region or a role),
	 * published with its membership record on every exchange with the store, so that the
	 * other nodes can match them: a group's preferred entries name node ids or tags
	 * ({@link PlacementPolicy#prefers(String, String, Set)}), and every node's endpoint
	 * shows them. The {@linkplain #eligibility(Eligibility) eligibility} rule is given
	 * the same tags.
	 * @param nodeTags the tags; each non-blank, without surrounding spaces
	 * @return this builder
	 * @throws LeaderConfigurationException for a blank tag or one with surrounding spaces
	 */
	public B nodeTags(Collection<String> nodeTags) {
		for (String tag : nodeTags) {
			if (tag.isBlank() || !tag.equals(tag.strip())) {
				throw new LeaderConfigurationException(
						"Invalid leader.node-tags: tag '" + tag + "' must be non-blank, without surrounding spaces");
			}
		}
		this.nodeTags = Set.copyOf(nodeTags);
		return self();
	}

	/**
	 * Build the coordinator; call its {@code start()} to campaign.
	 * @return the coordinator
	 */
	public abstract LeaderCoordinator build();

	/**
	 * The shared options as set so far.
	 * @return the options
	 */
	protected final CoordinatorOptions options() {
		return new CoordinatorOptions(this.nodeId, Collections.unmodifiableSet(new LinkedHashSet<>(this.groups)),
				this.listener, this.clock, this.beforeRelease, this.leadershipLost, this.observer, this.eligibility,
				this.detectConflicts, this.historyRetention, this.placement, this.nodeTags);
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
