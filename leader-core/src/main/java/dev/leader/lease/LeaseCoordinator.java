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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipHistory;
import dev.leader.LeadershipRecord;
import dev.leader.Lease;
import dev.leader.engine.BeliefBoard;
import dev.leader.engine.CoordinatorBuilder;
import dev.leader.engine.CoordinatorEngine;
import dev.leader.engine.CoordinatorOptions;

/**
 * A {@link LeaderCoordinator} that campaigns for each group through a {@link LeaseStore}.
 * All groups share one timer thread and a small pool of store threads. The leader renews
 * every renew interval and steps down on its own once its lease could be close to expiry
 * in the store, counted on the monotonic clock from when the last successful renewal was
 * sent. A follower reads the lease and tries again when it expires (in store time), at
 * once when the store announces a release ({@link LeaseStore#watchReleases}), and at the
 * latest every retry interval while the store cannot announce releases.
 * <p>
 * Store calls are made in rounds: when some group's step falls due, the round takes every
 * group's step due about then, renews all of them that this node leads with one call
 * ({@link LeaseStore#renewAll}) and reads all the others with one call
 * ({@link LeaseStore#readAll}); only leases found free or expired are then acquired one
 * by one. Renewals are taken up to half a renew interval early to join a round, so the
 * groups a node leads settle into one renewal per interval, and followers' reads of
 * leases held by one node, which expire together, fall due together. Store traffic then
 * depends on the number of nodes, not of groups.
 * <p>
 * Use {@link #builder(LeaseStore)}, then {@link #start()}; {@link #stop()} releases every
 * lease this node holds.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaseCoordinator extends CoordinatorEngine<GroupCampaign> {

	private static final Log logger = LogFactory.getLog(LeaseCoordinator.class);

	private final LeaseStore store;

	private final LeaseTimings timings;

	private final LeaseRounds rounds;

	private LeaseCoordinator(Builder builder, CoordinatorOptions options) {
		super(options);
		this.store = builder.store;
		this.timings = builder.timings;
		this.rounds = new LeaseRounds(this, this.store, this.timings, builder.storeThreads, this::campaigns,
				this::campaignOf, changes(), observer(),
				new HistoryPruning(this.store, historyRetention(), this.timings.renewInterval(), this::instanceId));
		joinGroups(options);
	}

	/**
	 * Start building a coordinator over a store.
	 * @param store the lease store
	 * @return the builder
	 */
	public static Builder builder(LeaseStore store) {
		return new Builder(store);
	}

	@Override
	protected GroupCampaign newCampaign(String group) {
		return new GroupCampaign(group, this.timings, this.rounds, changes());
	}

	/**
	 * Check the store is set up (a missing table fails the start; a store that cannot be
	 * reached yet is retried by the campaigns) and watch releases.
	 * @throws LeaderConfigurationException when the store is not set up
	 */
	@Override
	protected void startRun() {
		this.rounds.start(runName());
	}

	@Override
	protected void beforeCampaignsStop(boolean wasRunning) {
		this.rounds.stopWatching();
	}

	@Override
	protected void stopRun(boolean wasRunning) {
		this.rounds.stop();
	}

	/**
	 * The liveness session of {@code instance} ended: once its campaigns stepped down,
	 * run again as a new instance with a new session, on a thread of its own.
	 */
	void sessionLost(String instance) {
		Thread restart = new Thread(() -> restartAsNewInstance(instance), runName() + "-restart");
		restart.setDaemon(true);
		restart.start();
	}

	@Override
	protected Optional<BeliefBoard> beliefBoard() {
		return this.store.beliefBoard();
	}

	/**
	 * The placement's delay before acquiring a free group, for the rounds.
	 */
	long placementDelayNanos(String group) {
		return acquisitionDelayNanos(group);
	}

	/**
	 * The same with this node's load as given (a round's, at its start).
	 */
	long placementDelayNanos(String group, long load) {
		return acquisitionDelayNanos(group, load);
	}

	@Override
	protected void placementRoomOpened() {
		this.rounds.roomOpened();
	}

	/**
	 * How many times this node's room opened, for the rounds.
	 */
	long roomOpenings() {
		return placementRoomOpenings();
	}

	/**
	 * The weight this node leads now, for a round's start.
	 */
	long placementLoad() {
		return currentPlacementLoad();
	}

	/**
	 * The placement's room, the weight of a group and the wait of a node without room,
	 * for the rounds.
	 */
	long room() {
		return placementRoom();
	}

	int weight(String group) {
		return placementWeight(group);
	}

	long backupNanos() {
		return placementBackupNanos();
	}

	/**
	 * As often as a round: the renew interval of a leader, the retry interval of a
	 * follower, whichever is shorter.
	 */
	@Override
	protected Duration beliefInterval() {
		return this.timings.roundInterval();
	}

	@Override
	protected Duration eventDrainTimeout() {
		return this.timings.leaseDuration();
	}

	@Override
	public String store() {
		return this.store.description();
	}

	/**
	 * The timings of this coordinator.
	 * @return the lease timings
	 */
	public LeaseTimings timings() {
		return this.timings;
	}

	@Override
	public Optional<Lease> lease(String group) {
		Identifiers.requireValidGroup(group);
		return this.store.read(group, this.timings.renewInterval());
	}

	/**
	 * The history the store keeps, read and annotated with the renew interval as the
	 * timeout.
	 */
	@Override
	public Optional<LeadershipHistory> leadershipHistory() {
		if (!this.store.keepsHistory()) {
			return Optional.empty();
		}
		Duration timeout = this.timings.renewInterval();
		return Optional.of(new LeadershipHistory() {

			@Override
			public List<LeadershipRecord> history(String group, Instant since) {
				Identifiers.requireValidGroup(group);
				return LeaseCoordinator.this.store.history(group, since, timeout);
			}

			@Override
			public boolean annotate(String group, long token, LeadershipEnd reason, String detail) {
				Identifiers.requireValidGroup(group);
				return LeaseCoordinator.this.store.annotate(group, token, reason, detail, timeout);
			}

		});
	}

	@Override
	protected void verifyInStore(FencingToken token) {
		Lease lease = this.store.read(token.group(), this.timings.renewInterval())
			.orElseThrow(() -> new FencingException(token, "group '" + token.group() + "' was never leased"));
		lease.requireCurrent(token);
	}

	@Override
	public void checkStore() {
		this.store.checkReady(this.timings.renewInterval());
	}

	@Override
	public String toString() {
		return "LeaseCoordinator[" + instanceId() + " on " + this.store.description() + "]";
	}

	/**
	 * Builds a {@link LeaseCoordinator}.
	 */
	public static final class Builder extends CoordinatorBuilder<Builder> {

		private final LeaseStore store;

		private LeaseTimings timings = LeaseTimings.DEFAULTS;

		private int storeThreads = 2;

		private Builder(LeaseStore store) {
			if (store == null) {
				throw new LeaderConfigurationException("A lease store is required");
			}
			this.store = store;
		}

		/**
		 * Lease duration, renew and retry intervals (default 10 s, 3 s, 1 s).
		 * @param leaseDuration how long a lease lasts in store time
		 * @param renewInterval how often the leader renews, at most half the lease
		 * @param retryInterval how often followers try to acquire
		 * @return this builder
		 */
		public Builder timings(Duration leaseDuration, Duration renewInterval, Duration retryInterval) {
			this.timings = new LeaseTimings(leaseDuration, renewInterval, retryInterval);
			return this;
		}

		/**
		 * Threads reading and acquiring leases for all groups (default 2); renewals have
		 * a thread of their own besides.
		 * @param storeThreads the number of threads
		 * @return this builder
		 */
		public Builder storeThreads(int storeThreads) {
			if (storeThreads < 1) {
				throw new LeaderConfigurationException("storeThreads must be at least 1, was " + storeThreads);
			}
			this.storeThreads = storeThreads;
			return this;
		}

		/**
		 * Build the coordinator; call {@link LeaseCoordinator#start()} to campaign.
		 * @return the coordinator
		 */
		@Override
		public LeaseCoordinator build() {
			return new LeaseCoordinator(this, options());
		}

	}

}
