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

package dev.leader.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEnd;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.engine.LeadershipChanges;

/**
 * The rounds of a {@link LeaseCoordinator}, the one owner of its threads and store
 * traffic: the timer thread (rounds and step-down deadlines, never waiting for the
 * store), the renewal thread, the attempt threads, the batching of every group's due step
 * into one renewal call and one read, and the release watch.
 *
 * @author leader-spring-boot-starter
 */
final class LeaseRounds implements CampaignHost {

	private static final Log logger = LogFactory.getLog(LeaseRounds.class);

	private final LeaseCoordinator owner;

	private final LeaseStore store;

	private final LeaseTimings timings;

	private final int storeThreads;

	private final Supplier<Collection<GroupCampaign>> campaigns;

	private final Function<String, @Nullable GroupCampaign> campaignOf;

	private final LeadershipChanges changes;

	private final LeaseObserver observer;

	private final HistoryPruning pruning;

	/** The threads of the current run; new ones for every start after a stop. */
	private volatile RoundWorkers workers;

	private final AtomicBoolean roundRequested = new AtomicBoolean();

	/**
	 * How early a follower's attempt may be taken to join a round: reading a lease early
	 * only learns its end early.
	 */
	private final long attemptWindowNanos;

	/** How early a renewal may be taken to join a round. */
	private final long renewWindowNanos;

	private volatile @Nullable ReleaseWatch releaseWatch;

	/** The liveness sessions of the current run (fast failover), or none. */
	private volatile LivenessLink liveness = LivenessLink.none("");

	LeaseRounds(LeaseCoordinator owner, LeaseStore store, LeaseTimings timings, int storeThreads,
			Supplier<Collection<GroupCampaign>> campaigns, Function<String, @Nullable GroupCampaign> campaignOf,
			LeadershipChanges changes, LeaseObserver observer, HistoryPruning pruning) {
		this.owner = owner;
		this.store = store;
		this.timings = timings;
		this.storeThreads = storeThreads;
		this.campaigns = campaigns;
		this.campaignOf = campaignOf;
		this.changes = changes;
		this.observer = observer;
		this.pruning = pruning;
		this.workers = new RoundWorkers("leader-rounds", storeThreads);
		this.attemptWindowNanos = Math.min(timings.retryInterval().toNanos(), timings.renewInterval().toNanos()) / 2;
		this.renewWindowNanos = timings.renewInterval().toNanos() / 2;
	}

	/**
	 * Begin a run: new threads, a check that the store is set up (a missing table fails
	 * the start; a store that cannot be reached yet is retried by the campaigns), and the
	 * release watch.
	 * @param runName the run's name, a prefix for its threads' names
	 * @throws LeaderConfigurationException when the store is not set up
	 */
	void start(String runName) {
		this.workers.shutdown(Duration.ZERO);
		this.workers = new RoundWorkers(runName, this.storeThreads);
		try {
			this.store.checkReady(this.timings.renewInterval());
		}
		catch (LeaderConfigurationException ex) {
			stop();
			throw ex;
		}
		catch (LeaderStoreException ex) {
			logger.warn("Lease store " + this.store.description() + " is not reachable yet; node " + this.owner.nodeId()
					+ " keeps trying: " + ex.getMessage());
		}
		String instance = instanceId();
		try {
			this.liveness = LivenessLink.open(this.store, instance, this.timings.leaseDuration(),
					() -> livenessLost(instance), this::instanceEnded);
		}
		catch (RuntimeException ex) {
			stop();
			throw ex;
		}
		watchReleases();
	}

	/** Stop listening to the store's release announcements. */
	void stopWatching() {
		ReleaseWatch watch = this.releaseWatch;
		this.releaseWatch = null;
		if (watch != null) {
			watch.close();
		}
	}

	/** End the run: stop the timer at once, let store calls in flight finish. */
	void stop() {
		this.liveness.close();
		this.workers.shutdown(this.timings.leaseDuration());
	}

	@Override
	public long nanoTime() {
		return System.nanoTime();
	}

	@Override
	public String nodeId() {
		return this.owner.nodeId();
	}

	@Override
	public String instanceId() {
		return this.owner.instanceId();
	}

	@Override
	public String storeDescription() {
		return this.store.description();
	}

	@Override
	public OptionalLong acquire(String group, Duration leaseDuration, Duration lockWait) {
		LivenessLink link = this.liveness;
		link.requireHeld();
		OptionalLong acquired = this.store.acquire(group, instanceId(), leaseDuration, lockWait);
		if (acquired.isPresent()) {
			link.acquired(group);
		}
		return acquired;
	}

	@Override
	public OptionalLong takeOver(String group, Lease from, Duration leaseDuration, Duration lockWait) {
		LivenessLink link = this.liveness;
		link.requireHeld();
		OptionalLong acquired = this.store.takeOver(group, instanceId(), Objects.requireNonNull(from.holder()),
				from.token(), leaseDuration, lockWait);
		if (acquired.isPresent()) {
			link.acquired(group);
		}
		return acquired;
	}

	@Override
	public void release(String group, long token, LeadershipEnd reason) {
		this.store.release(group, instanceId(), token, reason, this.timings.renewInterval());
	}

	@Override
	public void renewalObserved(String group, Duration took, boolean success) {
		this.observer.renewed(group, took, success);
	}

	@Override
	public boolean isWatchingReleases() {
		ReleaseWatch watch = this.releaseWatch;
		return watch != null && watch.isWatching();
	}

	@Override
	public @Nullable ScheduledFuture<?> scheduleRound(long delayNanos) {
		try {
			return this.workers.timer.schedule(this::requestRound, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	/**
	 * Run a round on the timer thread soon, unless one is queued already.
	 */
	@Override
	public void requestRound() {
		if (!this.owner.isRunning() || !this.roundRequested.compareAndSet(false, true)) {
			return;
		}
		try {
			this.workers.timer.execute(this::round);
		}
		catch (RejectedExecutionException ex) {
			this.roundRequested.set(false);
		}
	}

	/**
	 * Take every group's step that is due about now: one store call renews the leases
	 * this node holds (on the renewal thread), one reads the others; free or expired
	 * leases are acquired (on the attempt threads). Renewals never wait behind attempts,
	 * which may wait for another node's guarded transaction.
	 */
	private void round() {
		this.roundRequested.set(false);
		long now = nanoTime();
		List<CampaignStep> renewals = new ArrayList<>();
		List<CampaignStep> attempts = new ArrayList<>();
		for (GroupCampaign campaign : this.campaigns.get()) {
			CampaignStep step = campaign.takeStep(now, this.attemptWindowNanos, this.renewWindowNanos);
			if (step != null) {
				(step.isRenewal() ? renewals : attempts).add(step);
			}
		}
		if (!renewals.isEmpty()) {
			dispatch(this.workers.renewCalls, () -> renew(renewals));
		}
		if (!attempts.isEmpty()) {
			dispatch(this.workers.attemptCalls, () -> attempt(attempts));
		}
	}

	private void dispatch(ExecutorService executor, Runnable calls) {
		try {
			executor.execute(() -> {
				try {
					calls.run();
				}
				catch (Throwable ex) {
					logger.error("Instance " + this.owner.instanceId() + " failed in a round of store calls", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Coordinator stopped; round not run");
		}
	}

	private void renew(List<CampaignStep> steps) {
		long sentAt = nanoTime();
		Map<String, Long> tokens = new LinkedHashMap<>();
		List<CampaignStep> sent = new ArrayList<>();
		long timeout = Long.MAX_VALUE;
		for (CampaignStep step : steps) {
			long remaining = step.campaign().validForNanos(step.lease());
			if (remaining <= 0) {
				step.campaign()
					.renewFailed(step, sentAt,
							new IllegalStateException("local lease ran out before the renewal was sent"));
				continue;
			}
			timeout = Math.min(timeout, remaining);
			tokens.put(step.campaign().group(), step.lease().token().value());
			sent.add(step);
		}
		if (sent.isEmpty()) {
			return;
		}
		Set<String> renewed;
		try {
			renewed = this.store.renewAll(instanceId(), tokens, this.timings.leaseDuration(),
					Duration.ofNanos(timeout));
		}
		catch (Throwable ex) {
			sent.forEach((step) -> step.campaign().renewFailed(step, sentAt, ex));
			return;
		}
		sent.forEach((step) -> step.campaign().renewed(step, sentAt, renewed.contains(step.campaign().group())));
		this.pruning.renewed(tokens, renewed, (prune) -> dispatch(this.workers.attemptCalls, prune));
	}

	/**
	 * A round's reads and acquisitions. Its decisions to wait for a node with room are
	 * made with what the placement knew at the round's start: when the room opened while
	 * the round ran, the waits it recorded end at once.
	 */
	private void attempt(List<CampaignStep> steps) {
		long openings = roomOpenings();
		readAndAcquire(steps);
		if (roomOpenings() != openings) {
			roomOpened();
		}
	}

	private void readAndAcquire(List<CampaignStep> steps) {
		List<String> groups = steps.stream().map((step) -> step.campaign().group()).toList();
		Map<String, Lease> leases;
		try {
			leases = this.store.readAll(groups, this.timings.renewInterval());
		}
		catch (Throwable ex) {
			steps.forEach((step) -> step.campaign().attemptFailed(step, ex));
			return;
		}
		long readAt = nanoTime();
		LivenessLink link = this.liveness;
		link.read(groups, leases);
		List<CampaignStep> acquirable = new ArrayList<>();
		Map<CampaignStep, Lease> orphaned = new LinkedHashMap<>();
		// Walks every group: asked once per round, not once per group followed.
		long followerLoad = -1;
		for (CampaignStep step : steps) {
			Lease lease = leases.get(step.campaign().group());
			if (lease != null && lease.isActive()) {
				this.changes.sawHolder(lease.group(), lease.holder());
			}
			if (lease != null && lease.isActive() && link.isOrphaned(lease)) {
				orphaned.put(step, lease);
			}
			else if (lease == null || step.campaign().isAcquirable(lease)) {
				acquirable.add(step);
			}
			else {
				if (followerLoad < 0) {
					followerLoad = this.owner.placementLoad();
				}
				long deferral = this.owner.placementDelayNanos(step.campaign().group(), followerLoad);
				step.campaign().following(step, CampaignStep.remainingNanos(lease), readAt, deferral);
			}
		}
		orphaned.forEach((step, lease) -> step.campaign().acquire(step, lease));
		if (acquirable.isEmpty()) {
			return;
		}
		long room = this.owner.room();
		// The load at the start of the round decides which free groups this node leaves
		// to a less loaded node, as the other nodes' loads are as old: counting its new
		// groups at once, a node would take one group per round when a crash frees many,
		// and leave the rest for the backup delay while the others did the same. The
		// room still bounds what it takes, counted by the groups it won.
		long load = this.owner.placementLoad();
		for (CampaignStep step : acquirable) {
			String group = step.campaign().group();
			int weight = this.owner.weight(group);
			long wait = (leases.get(group) == null || !step.campaign().mayDefer()) ? 0 : Math
				.max((room >= weight) ? 0 : this.owner.backupNanos(), this.owner.placementDelayNanos(group, load));
			if (wait == 0) {
				if (step.campaign().acquire(step) && room != Long.MAX_VALUE) {
					room -= weight;
				}
			}
			else {
				// Full, cooling down after a yield, or not preferred: a node that goes
				// first takes it; this one tries again after the wait, and takes it then
				// if it is still free.
				step.campaign().deferred(step, wait);
			}
		}
	}

	/**
	 * This run's liveness session ended: every campaign steps down at once, and the
	 * coordinator starts again as a new instance (a new session is a new instance).
	 */
	private void livenessLost(String instance) {
		if (!instance.equals(instanceId())) {
			return;
		}
		this.campaigns.get().forEach(GroupCampaign::sessionLost);
		this.owner.sessionLost(instance);
	}

	/**
	 * A followed instance's session ended (and the grace passed): the followers of the
	 * groups it held at their last read take them over at once, without reading first
	 * (the takeover is conditional on that holder and token, so a stale read grants
	 * nothing, and the campaign then reads); every other follower reads at once, and
	 * takes over the leases that instance still holds. A follower at its share leaves
	 * them to a node with room for the safety margin only (a twentieth of the lease), not
	 * the placement's delay: it may be the only node that knows.
	 */
	private void instanceEnded(String instance) {
		Map<String, Lease> held = this.liveness.heldBy(instance);
		Map<CampaignStep, Lease> direct = new LinkedHashMap<>();
		long maxDeferral = this.timings.safetyMargin().toNanos();
		for (GroupCampaign campaign : this.campaigns.get()) {
			Lease lease = held.get(campaign.group());
			CampaignStep step = (lease != null) ? campaign.takeOverStep() : null;
			if (lease != null && step != null) {
				direct.put(step, lease);
			}
			else {
				campaign.instanceEnded(maxDeferral);
			}
		}
		if (!direct.isEmpty()) {
			dispatch(this.workers.attemptCalls,
					() -> direct.forEach((step, lease) -> step.campaign().takeOverDirectly(step, lease)));
		}
	}

	/**
	 * This node no longer leaves free groups to the others by its load: every campaign
	 * that waits to leave a group to a node with room reads again.
	 */
	void roomOpened() {
		this.campaigns.get().forEach(GroupCampaign::roomOpened);
	}

	private void watchReleases() {
		try {
			this.releaseWatch = this.store.watchReleases(new ReleaseWatch.Listener() {

				@Override
				public void released(String group) {
					GroupCampaign campaign = LeaseRounds.this.campaignOf.apply(group);
					if (campaign != null) {
						campaign.releaseAnnounced();
					}
				}

				@Override
				public void watching(boolean watching) {
					logger.debug(
							"Node " + LeaseRounds.this.owner.nodeId() + (watching ? " watches" : " no longer watches")
									+ " releases on " + LeaseRounds.this.store.description());
					LeaseRounds.this.campaigns.get().forEach((campaign) -> campaign.watchChanged(watching));
				}

			}).orElse(null);
		}
		catch (RuntimeException ex) {
			logger.warn("Node " + this.owner.nodeId() + " cannot watch releases on " + this.store.description()
					+ "; followers poll every retry interval: " + ex);
		}
	}

	/** Run a check on the timer thread, which never waits for the store. */
	@Override
	public @Nullable ScheduledFuture<?> scheduleTimerCheck(Runnable check, long delayNanos) {
		try {
			return this.workers.timer.schedule(check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	@Override
	public long roomOpenings() {
		return this.owner.roomOpenings();
	}

	@Override
	public long acquisitionDelayNanos(String group) {
		return this.owner.placementDelayNanos(group);
	}

}
