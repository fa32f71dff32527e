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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipConflict;
import dev.leader.LeaseObserver;
import dev.leader.PlacementState;
import dev.leader.RevocationReason;

/**
 * The part of every coordinator that is the same whatever the store: the node and
 * instance identity, a restartable lifecycle (a restart is a new instance with new
 * campaigns), one {@link Campaign} per group, the local check and step-down in
 * {@link #verify(FencingToken)}, and the {@link LeadershipChanges} every campaign reports
 * to. A store adds how a group is campaigned for ({@link #newCampaign(String)}), what a
 * run needs besides ({@link #startRun()}, {@link #stopRun(boolean)}) and how a token is
 * checked in the store ({@link #verifyInStore(FencingToken)}).
 *
 * @param <C> the store's campaign type
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class CoordinatorEngine<C extends Campaign> implements LeaderCoordinator, Lifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(CoordinatorEngine.class);

	/** Numbers the thread names of every run of every coordinator in this JVM. */
	private static final AtomicInteger runs = new AtomicInteger();

	/** The shortest time a pause or unpause may take to be written. */
	private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(5);

	private final String nodeId;

	/**
	 * Drawn anew at every start after a stop: a restarted coordinator is a new instance.
	 */
	private volatile String instanceId;

	private final LeaseObserver observer;

	private final LeadershipChanges changes;

	private final ConcurrentMap<String, C> campaigns = new ConcurrentHashMap<>();

	private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);

	/** Serializes start and stop. */
	private final Object lifecycleMonitor = new Object();

	private final Eligibility eligibility;

	private final Placement placement;

	/** How many times this node's room opened (see {@link #placementRoomOpened()}). */
	private final AtomicLong roomOpenings = new AtomicLong();

	/** This node's tags, published with its membership record. */
	private final Set<String> nodeTags;

	/** The live nodes as the last exchange showed them, for the endpoint. */
	private final LiveNodes liveNodes;

	/** Runs the yields that move groups, off the exchange's thread; one per run. */
	private volatile @Nullable ExecutorService mover;

	private final HistoryRetention historyRetention;

	/** Groups this node was asked to campaign for but may not lead, with the reason. */
	private final ConcurrentMap<String, String> ineligible = new ConcurrentHashMap<>();

	/** Groups drained by {@link #drain(String)}: not campaigned for until resumed. */
	private final Set<String> drained = ConcurrentHashMap.newKeySet();

	private volatile String runName;

	private final boolean detectConflicts;

	private final Clock clock;

	/**
	 * The duplicate-leader check, made at the first start where the store keeps beliefs.
	 */
	private volatile @Nullable BeliefExchange beliefs;

	/**
	 * The groups paused cluster-wide: as of the last exchange, and this node's own writes
	 * at once.
	 */
	private volatile Set<String> paused = Set.of();

	/** Whether the board was asked for (it is asked once). */
	private boolean boardAsked;

	/**
	 * Create the engine; the store's constructor then calls {@link #joinGroups}.
	 * @param options the shared options
	 */
	protected CoordinatorEngine(CoordinatorOptions options) {
		this.nodeId = options.nodeId();
		this.instanceId = Identifiers.newInstanceId(options.nodeId());
		this.observer = options.observer();
		this.eligibility = options.eligibility();
		this.nodeTags = options.nodeTags();
		this.placement = new Placement(options.placement(), this.nodeId, this.nodeTags, this.eligibility,
				new PlacedNode(), System::nanoTime);
		this.liveNodes = new LiveNodes(this.nodeId, this.nodeTags, this.eligibility, options.placement());
		this.detectConflicts = options.detectConflicts();
		this.clock = options.clock();
		this.historyRetention = options.historyRetention();
		this.changes = new LeadershipChanges(this, options);
		this.runName = newRunName();
		this.changes.open(this.runName + "-events");
	}

	/**
	 * Join the groups of the options; called by the store's constructor once its own
	 * fields are set.
	 * @param options the shared options
	 */
	protected final void joinGroups(CoordinatorOptions options) {
		options.groups().forEach(this::campaign);
	}

	/**
	 * A campaign for a group, for the current run.
	 * @param group the group
	 * @return a new campaign, not started
	 */
	protected abstract C newCampaign(String group);

	/**
	 * Prepare what a run needs before its campaigns start (threads, connections,
	 * watches). On failure it must leave nothing running: the engine then counts the
	 * coordinator as stopped and rethrows.
	 */
	protected abstract void startRun();

	/**
	 * End a run after its campaigns stopped and released their groups.
	 * @param wasRunning whether the run had started ({@code false} when a coordinator
	 * that was never started is stopped)
	 */
	protected abstract void stopRun(boolean wasRunning);

	/**
	 * Called before the campaigns stop, while they still lead: the place to stop
	 * listening to the store so that nothing restarts them.
	 * @param wasRunning whether the run had started
	 */
	protected void beforeCampaignsStop(boolean wasRunning) {
	}

	/**
	 * Where the store keeps what each instance believes it leads, for the
	 * duplicate-leader check; asked once, at the first start.
	 * @return the board, or empty when the store keeps no beliefs (the default)
	 */
	protected Optional<BeliefBoard> beliefBoard() {
		return Optional.empty();
	}

	/**
	 * How often this instance publishes its beliefs and checks the others': at least as
	 * often as its beliefs are renewed, so that a published belief never lapses while it
	 * holds.
	 * @return the interval
	 */
	protected Duration beliefInterval() {
		return Duration.ofSeconds(1);
	}

	/**
	 * Check a token with the store, in one round trip.
	 * @param token the token
	 * @throws FencingException when the store says it is not current
	 */
	protected abstract void verifyInStore(FencingToken token);

	/**
	 * How long stopping waits for queued leadership events to be delivered.
	 * @return the wait
	 */
	protected abstract Duration eventDrainTimeout();

	/**
	 * Start campaigning for every group joined so far (and those joined later). A stopped
	 * coordinator can be started again (Spring stops and restarts the lifecycle beans of
	 * paused contexts): it then campaigns as a new instance, with a new
	 * {@link #instanceId()}, and new campaigns.
	 */
	@Override
	public final void start() {
		synchronized (this.lifecycleMonitor) {
			Phase current = this.phase.get();
			if (current == Phase.RUNNING) {
				return;
			}
			if (current == Phase.STOPPED) {
				this.instanceId = Identifiers.newInstanceId(this.nodeId);
				this.runName = newRunName();
				this.changes.open(this.runName + "-events");
				this.campaigns.replaceAll((group, stopped) -> newCampaign(group));
			}
			this.phase.set(Phase.RUNNING);
			try {
				startRun();
			}
			catch (RuntimeException ex) {
				this.phase.set(Phase.STOPPED);
				this.changes.close(Duration.ZERO);
				throw ex;
			}
			BeliefExchange exchange = beliefExchange();
			if (exchange != null) {
				this.placement.start(beliefInterval());
				this.liveNodes.clear();
				this.mover = Executors.newSingleThreadExecutor((task) -> {
					Thread thread = new Thread(task, this.runName + "-placement");
					thread.setDaemon(true);
					return thread;
				});
				exchange.start(this.runName);
			}
			this.campaigns.forEach((group, campaign) -> {
				if (!this.drained.contains(group)) {
					campaign.start();
				}
			});
		}
	}

	private @Nullable BeliefExchange beliefExchange() {
		synchronized (this.lifecycleMonitor) {
			if (!this.boardAsked) {
				this.boardAsked = true;
				this.beliefs = newBeliefExchange();
			}
			return this.beliefs;
		}
	}

	private @Nullable BeliefExchange newBeliefExchange() {
		BeliefExchange made = beliefBoard()
			.map((board) -> new BeliefExchange(board, beliefInterval(), this.nodeId, this::instanceId,
					this.campaigns::values, this.campaigns::get, this.observer, this.clock, this.detectConflicts,
					this::memberRecord))
			.orElse(null);
		if (made != null) {
			this.changes.retractBeliefsWith(made::retract);
			made.addReader((snapshot) -> this.placement.apply(snapshot, this.instanceId));
			made.addReader((snapshot) -> this.liveNodes.apply(snapshot, this.instanceId));
			made.addReader((snapshot) -> pausedAsRead(snapshot.paused()));
		}
		return made;
	}

	private void pausedAsRead(Set<String> read) {
		Set<String> previous = this.paused;
		if (!previous.equals(read)) {
			Set<String> now = Collections.unmodifiableSet(new TreeSet<>(read));
			this.paused = now;
			now.stream()
				.filter((group) -> !previous.contains(group))
				.forEach((group) -> logger.info("Group '" + group + "' is paused cluster-wide: node " + this.nodeId
						+ " runs none of its leader-only work until it is unpaused"));
			previous.stream()
				.filter((group) -> !now.contains(group))
				.forEach((group) -> logger
					.info("Group '" + group + "' is no longer paused (seen by node " + this.nodeId + ")"));
		}
	}

	/**
	 * Stop campaigning: step down from every group (revoked as shutdown), let running
	 * work drain and release the groups, so that followers take over at their next
	 * attempt. Idempotent; {@link #start()} campaigns again.
	 */
	@Override
	public final void stop() {
		synchronized (this.lifecycleMonitor) {
			Phase previous = this.phase.getAndSet(Phase.STOPPED);
			if (previous == Phase.STOPPED) {
				return;
			}
			boolean wasRunning = previous == Phase.RUNNING;
			beforeCampaignsStop(wasRunning);
			BeliefExchange exchange = this.beliefs;
			if (exchange != null && wasRunning) {
				exchange.withdraw();
			}
			List<C> all = new ArrayList<>(this.campaigns.values());
			all.forEach((campaign) -> campaign.stop(RevocationReason.SHUTDOWN));
			if (exchange != null) {
				exchange.stop();
			}
			ExecutorService moving = this.mover;
			this.mover = null;
			if (moving != null) {
				moving.shutdownNow();
			}
			stopRun(wasRunning);
			this.changes.close(eventDrainTimeout());
		}
	}

	/**
	 * Stop and start again as a new instance, unless the coordinator was stopped or
	 * started again meanwhile: for a store whose instance lost a session that must never
	 * be silently reopened.
	 * @param expectedInstanceId the instance that must still be running
	 */
	protected final void restartAsNewInstance(String expectedInstanceId) {
		synchronized (this.lifecycleMonitor) {
			if (this.phase.get() != Phase.RUNNING || !this.instanceId.equals(expectedInstanceId)) {
				return;
			}
			stop();
			try {
				start();
			}
			catch (RuntimeException ex) {
				logger.error("Node " + this.nodeId + " could not start again after instance " + expectedInstanceId
						+ " ended; it no longer campaigns until started", ex);
			}
		}
	}

	@Override
	public final void close() {
		stop();
	}

	/**
	 * Whether {@link #start()} was called and {@link #stop()} was not.
	 * @return {@code true} while running
	 */
	@Override
	public final boolean isRunning() {
		return this.phase.get() == Phase.RUNNING;
	}

	@Override
	public final String nodeId() {
		return this.nodeId;
	}

	/**
	 * This run's identity, recorded as the holder of the groups it leads: the node id,
	 * {@code #} and a nonce drawn at every start after a stop, so that two processes
	 * configured with one node id, or two runs of one, are told apart.
	 */
	@Override
	public final String instanceId() {
		return this.instanceId;
	}

	/**
	 * Campaign for a group: at once while running, else from the next {@link #start()}.
	 */
	@Override
	public final void campaign(String group) {
		Identifiers.requireValidGroup(group);
		Optional<String> refusal = this.eligibility.refusal(this.nodeId, group);
		if (refusal.isPresent()) {
			if (this.ineligible.put(group, refusal.get()) == null) {
				logger.info("Node " + this.nodeId + " does not campaign for group '" + group + "': " + refusal.get());
			}
			return;
		}
		C campaign = this.campaigns.computeIfAbsent(group, this::newCampaign);
		if (this.phase.get() == Phase.RUNNING && !this.drained.contains(group)) {
			campaign.start();
		}
	}

	@Override
	public final boolean isLeader(String group) {
		C campaign = this.campaigns.get(group);
		return campaign != null && campaign.isLeader();
	}

	@Override
	public final Optional<FencingToken> token(String group) {
		C campaign = this.campaigns.get(group);
		return (campaign != null) ? campaign.token() : Optional.empty();
	}

	@Override
	public final boolean yield(String group) {
		C campaign = this.campaigns.get(group);
		if (campaign == null) {
			return false;
		}
		boolean yielded = campaign.yieldLeadership();
		if (yielded) {
			this.placement.gaveUp(group);
		}
		return yielded;
	}

	/**
	 * Hand the group over and stop campaigning for it until {@link #resume(String)}: step
	 * down (revoked as {@link RevocationReason#DRAINED}), let running work drain, release
	 * the group so that another node takes it over at once, and keep out of its election.
	 * A drained group stays drained across a restart of the coordinator.
	 * @param group a group this node campaigns for
	 * @return whether the group was not drained already
	 */
	@Override
	public final boolean drain(String group) {
		Identifiers.requireValidGroup(group);
		synchronized (this.lifecycleMonitor) {
			C campaign = this.campaigns.get(group);
			if (campaign == null || !this.drained.add(group)) {
				return false;
			}
			this.placement.gaveUp(group);
			campaign.stop(RevocationReason.DRAINED);
			// A stopped campaign is done; a fresh one waits, not started, for the resume.
			this.campaigns.put(group, newCampaign(group));
			return true;
		}
	}

	/**
	 * Campaign again for a drained group.
	 * @param group a group this node campaigns for
	 * @return whether the group was drained
	 */
	@Override
	public final boolean resume(String group) {
		Identifiers.requireValidGroup(group);
		synchronized (this.lifecycleMonitor) {
			if (!this.drained.remove(group)) {
				return false;
			}
			C campaign = this.campaigns.get(group);
			if (campaign != null && this.phase.get() == Phase.RUNNING) {
				campaign.start();
			}
			return true;
		}
	}

	/**
	 * Pause the group cluster-wide: write its flag to the store at once (between two
	 * exchanges, so that no exchange read before the write hides it afterwards).
	 */
	@Override
	public final boolean pause(String group) {
		return writePause(group, true);
	}

	@Override
	public final boolean unpause(String group) {
		return writePause(group, false);
	}

	@Override
	public final Set<String> pausedGroups() {
		return this.paused;
	}

	@Override
	public final boolean isPaused(String group) {
		return this.paused.contains(group);
	}

	private boolean writePause(String group, boolean pause) {
		Identifiers.requireValidGroup(group);
		BeliefExchange exchange = beliefExchange();
		if (exchange == null) {
			throw new UnsupportedOperationException("The " + store() + " store keeps no pause flags");
		}
		Duration timeout = (beliefInterval().compareTo(PAUSE_TIMEOUT) > 0) ? beliefInterval() : PAUSE_TIMEOUT;
		String action = pause ? "pause" : "unpause";
		try {
			return exchange.between(() -> {
				boolean changed = exchange.board().pause(group, pause, this.nodeId, timeout);
				Set<String> now = new TreeSet<>(this.paused);
				if (pause ? now.add(group) : now.remove(group)) {
					this.paused = Collections.unmodifiableSet(now);
				}
				logger.info("Node " + this.nodeId + " " + action + "d group '" + group + "' cluster-wide"
						+ (changed ? "" : " (it was " + (pause ? "paused" : "not paused") + " already)"));
				return changed;
			});
		}
		catch (RuntimeException ex) {
			throw new LeaderStoreException("Node " + this.nodeId + " could not " + action + " group '" + group
					+ "' in the " + store() + " store: " + ex.getMessage(), ex);
		}
	}

	@Override
	public final Map<String, String> ineligibleGroups() {
		return Collections.unmodifiableMap(new TreeMap<>(this.ineligible));
	}

	@Override
	public final List<LeadershipConflict> conflicts() {
		BeliefExchange exchange = this.beliefs;
		return (exchange != null) ? exchange.conflicts() : List.of();
	}

	@Override
	public final Optional<PlacementState> placement() {
		PlacementState state = this.placement.state();
		Set<String> led = new TreeSet<>();
		this.campaigns.keySet().stream().filter(this::isLeader).forEach(led::add);
		PlacementState.Node self = new PlacementState.Node(true, this.nodeTags, this.placement.campaignWeight() > 0,
				led, state.load(), state.share());
		return Optional.of(state.withNodes(this.liveNodes.nodes(self)));
	}

	@Override
	public final Optional<PlacementState.Group> placement(String group) {
		return Optional.of(this.liveNodes.group(group, this.placement.campaignWeight() > 0));
	}

	/**
	 * What this instance's membership record says about its node: the weight of the
	 * groups it campaigns for, its tags, and its share as of its last exchange.
	 */
	private BeliefBoard.Member memberRecord() {
		return new BeliefBoard.Member(this.placement.campaignWeight(), this.nodeTags, this.placement.state().share());
	}

	/**
	 * How long a campaign waits before it acquires a free group, by the placement policy:
	 * 0 for a node with room, longer for a node at its share, not preferred, or in the
	 * cool-down after giving the group up. Stores where followers race for a free group
	 * add it to the attempt that follows a release or an expiry; a store that queues its
	 * candidates lets the next one in line go first for that long (ZooKeeper).
	 * @param group the group
	 * @return the delay in nanoseconds
	 */
	protected final long acquisitionDelayNanos(String group) {
		return this.placement.acquisitionDelayNanos(group);
	}

	/**
	 * {@link #acquisitionDelayNanos(String)} with this node's load as the caller saw it:
	 * a store whose rounds find several groups free at once judges them all by the load
	 * at the round's start ({@link #currentPlacementLoad()}), as old as what it knows of
	 * the other nodes, and bounds what it takes by {@link #placementRoom()}.
	 * @param group the group
	 * @param load the weight this node leads
	 * @return the delay in nanoseconds
	 */
	protected final long acquisitionDelayNanos(String group, long load) {
		return this.placement.acquisitionDelayNanos(group, load);
	}

	/**
	 * The weight of the groups this node leads now.
	 * @return the load
	 */
	protected final long currentPlacementLoad() {
		return this.placement.load();
	}

	/**
	 * This node no longer leaves free groups to the others by its load (a node left and
	 * the share grew, or the others' loads grew past this node's): a store whose
	 * campaigns wait the {@link #placementBackupNanos() backup delay} (or follow a lease
	 * until its expiry and that delay) to leave a free group to a node with room asks
	 * again now. After a crash the node with room was the crashed one, counted as live
	 * until its record lapsed, and the survivors learn each other's new loads a round
	 * late; its groups must not wait the delay once they expire. Called on the belief
	 * exchange's thread; must not block.
	 */
	protected void placementRoomOpened() {
	}

	/**
	 * How many times this node's room opened, counted before each
	 * {@link #placementRoomOpened()}: a store that decides to wait on one thread while
	 * the room opens on another reads it before its decision and again after recording
	 * it, so that an opening in between is not lost.
	 * @return the count
	 */
	protected final long placementRoomOpenings() {
		return this.roomOpenings.get();
	}

	/**
	 * How much weight this node may still take before it is at its share, for stores
	 * whose rounds find several groups free at once: they acquire no more than that and
	 * try the others again after {@link #placementBackupNanos()}.
	 * @return the room, {@link Long#MAX_VALUE} when not balancing
	 */
	protected final long placementRoom() {
		return this.placement.room();
	}

	/**
	 * The weight of a group by the placement policy.
	 * @param group the group
	 * @return its weight
	 */
	protected final int placementWeight(String group) {
		return this.placement.weight(group);
	}

	/**
	 * How long a node without room waits before trying a free group again.
	 * @return the delay in nanoseconds
	 */
	protected final long placementBackupNanos() {
		return this.placement.backupNanos();
	}

	@Override
	public final Set<String> drainedGroups() {
		return Collections.unmodifiableSet(new TreeSet<>(this.drained));
	}

	@Override
	public final Set<String> groups() {
		return Collections.unmodifiableSet(new TreeSet<>(this.campaigns.keySet()));
	}

	/**
	 * Check that the token is the group's current one. A token of this instance must also
	 * be the one it leads with by its local belief, so that once it stepped down (yield,
	 * deadline, lost session) the check fails without a round trip; every token is then
	 * checked in the store, and an own token once more after the store answered, in case
	 * the belief lapsed meanwhile. When the store refutes a token with which this node
	 * still leads (a notice from the store not delivered yet), this node steps down at
	 * once rather than lead with it.
	 * @param token the token to check
	 */
	@Override
	public final void verify(FencingToken token) {
		try {
			boolean own = token.holder().equals(this.instanceId) && this.campaigns.containsKey(token.group());
			requireOwnBelief(own, token, "");
			verifyInStore(token);
			// The store's answer says what held when it was read; if this node's own
			// belief
			// lapsed while the answer travelled (renewals failing, a pause), it is stale.
			requireOwnBelief(own, token, " (its belief lapsed while the store was asked)");
		}
		catch (FencingException ex) {
			this.observer.fencingChecked(token, false);
			C campaign = this.campaigns.get(token.group());
			if (campaign != null && token.holder().equals(this.instanceId)) {
				campaign.refuted(token, String.valueOf(ex.getMessage()));
			}
			throw ex;
		}
		this.observer.fencingChecked(token, true);
	}

	private void requireOwnBelief(boolean own, FencingToken token, String when) {
		if (own && !token(token.group()).equals(Optional.of(token))) {
			throw new FencingException(token, "node " + this.nodeId + " (instance " + this.instanceId
					+ ") no longer leads group '" + token.group() + "' with it" + when);
		}
	}

	/**
	 * Where campaigns report leadership changes.
	 * @return the changes of this coordinator
	 */
	protected final LeadershipChanges changes() {
		return this.changes;
	}

	/**
	 * Told about renewals and fencing checks.
	 * @return the observer
	 */
	protected final LeaseObserver observer() {
		return this.observer;
	}

	/**
	 * How much leadership history the store keeps, for stores that keep one.
	 * @return the retention
	 */
	protected final HistoryRetention historyRetention() {
		return this.historyRetention;
	}

	/**
	 * The current run's name, a prefix for its threads' names.
	 * @return the name, unique in this JVM
	 */
	protected final String runName() {
		return this.runName;
	}

	/**
	 * The campaign of a group.
	 * @param group the group
	 * @return the campaign, or {@code null} when this node does not campaign for it
	 */
	protected final @Nullable C campaignOf(String group) {
		return this.campaigns.get(group);
	}

	/**
	 * The campaigns of the current run.
	 * @return every campaign
	 */
	protected final Collection<C> campaigns() {
		return Collections.unmodifiableCollection(this.campaigns.values());
	}

	private static String newRunName() {
		return "leader-" + runs.incrementAndGet();
	}

	/**
	 * This coordinator as the placement sees it.
	 */
	private final class PlacedNode implements Placement.Node {

		@Override
		public Set<String> campaigning() {
			Set<String> groups = new HashSet<>(CoordinatorEngine.this.campaigns.keySet());
			groups.removeAll(CoordinatorEngine.this.drained);
			return groups;
		}

		@Override
		public boolean leads(String group) {
			return isLeader(group);
		}

		@Override
		public void roomOpened() {
			CoordinatorEngine.this.roomOpenings.incrementAndGet();
			placementRoomOpened();
		}

		@Override
		public void yieldToMove(String group) {
			ExecutorService executor = CoordinatorEngine.this.mover;
			if (executor != null) {
				try {
					executor.execute(() -> CoordinatorEngine.this.yield(group));
				}
				catch (RejectedExecutionException ex) {
					// The run is stopping: its groups are released anyway.
				}
			}
		}

	}

	private enum Phase {

		NEW, RUNNING, STOPPED

	}

}
