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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeadershipConflict;
import dev.leader.LeadershipConflict.Believer;
import dev.leader.LeadershipConflict.Kind;
import dev.leader.LeaseObserver;

/**
 * Publishes what this instance believes on the store's {@link BeliefBoard}, on a thread
 * of its own every interval, and checks every exchange for duplicate leaders: two
 * instances' valid beliefs in one group, or a belief in a token that is no longer the
 * store's. An instance that finds its own belief stale steps down at once.
 * <p>
 * A group's belief is retracted before its lease is released (yield, drain, stop), so
 * that the successor's belief never meets a predecessor's published one.
 *
 * @author leader-spring-boot-starter
 */
final class BeliefExchange {

	private static final Log logger = LogFactory.getLog(BeliefExchange.class);

	/** How many findings {@link #conflicts()} keeps. */
	private static final int KEPT_CONFLICTS = 50;

	private final BeliefBoard board;

	private final Duration interval;

	private final String nodeId;

	private final Supplier<String> instanceId;

	private final Supplier<Collection<? extends Campaign>> campaigns;

	private final Function<String, @Nullable Campaign> campaignOf;

	private final LeaseObserver observer;

	private final Clock clock;

	/** Serializes exchanges, retractions and the withdrawal. */
	private final Object monitor = new Object();

	/** The groups of the last record written, with their tokens. */
	private Map<String, Long> published = Map.of();

	/** Whether this run's record was withdrawn (the run is stopping). */
	private boolean withdrawn;

	/**
	 * Set when the store cannot keep beliefs (for example a missing table): checks stop.
	 */
	private volatile boolean unavailable;

	/** Whether the last periodic exchange failed. */
	private boolean failing;

	/**
	 * The findings reported, so that a finding seen by many exchanges is reported once.
	 */
	private final Set<String> reported = new LinkedHashSet<>();

	private final Deque<LeadershipConflict> recent = new ArrayDeque<>();

	private volatile @Nullable ScheduledExecutorService thread;

	/**
	 * What this instance's record says about its node (the weight of the groups it
	 * campaigns for, its tags, its share), published with its beliefs.
	 */
	private final Supplier<BeliefBoard.Member> member;

	/** Whether exchanges are checked for duplicate leaders. */
	private final boolean checking;

	/** Told about every snapshot read (membership and pauses). */
	private final List<Consumer<BeliefBoard.Snapshot>> readers = new CopyOnWriteArrayList<>();

	BeliefExchange(BeliefBoard board, Duration interval, String nodeId, Supplier<String> instanceId,
			Supplier<Collection<? extends Campaign>> campaigns, Function<String, @Nullable Campaign> campaignOf,
			LeaseObserver observer, Clock clock, boolean checking, Supplier<BeliefBoard.Member> member) {
		this.checking = checking;
		this.member = member;
		this.board = board;
		this.interval = interval;
		this.nodeId = nodeId;
		this.instanceId = instanceId;
		this.campaigns = campaigns;
		this.campaignOf = campaignOf;
		this.observer = observer;
		this.clock = clock;
	}

	/**
	 * Be told about every snapshot read, on the exchange's thread, after its check.
	 * @param reader the reader; it must not block
	 */
	void addReader(Consumer<BeliefBoard.Snapshot> reader) {
		this.readers.add(reader);
	}

	/**
	 * The board the exchange writes to and reads.
	 * @return the board
	 */
	BeliefBoard board() {
		return this.board;
	}

	/**
	 * Write to the store between two exchanges, so that every snapshot read afterwards
	 * was read after the write.
	 * @param write the write; it runs on the calling thread
	 * @param <T> the write's result
	 * @return its result
	 */
	<T> T between(Supplier<T> write) {
		synchronized (this.monitor) {
			return write.get();
		}
	}

	/**
	 * Begin publishing for a new run.
	 * @param runName the run's name, a prefix for the thread's name
	 */
	void start(String runName) {
		synchronized (this.monitor) {
			this.published = Map.of();
			this.withdrawn = false;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, runName + "-beliefs");
			thread.setDaemon(true);
			return thread;
		});
		this.thread = executor;
		long period = this.interval.toNanos();
		executor.scheduleWithFixedDelay(this::exchangeQuietly, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Withdraw this run's record before its campaigns stop, so that releasing each group
	 * needs no further request.
	 */
	void withdraw() {
		synchronized (this.monitor) {
			if (this.unavailable) {
				return;
			}
			try {
				this.board.withdraw(this.instanceId.get(), this.interval);
				this.published = Map.of();
				this.withdrawn = true;
			}
			catch (RuntimeException ex) {
				logger.debug("Instance " + this.instanceId.get() + " could not withdraw its beliefs: " + ex);
			}
		}
	}

	/**
	 * End the run's publishing.
	 */
	void stop() {
		ScheduledExecutorService executor = this.thread;
		this.thread = null;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * Make sure the record no longer shows the group, which this instance stepped down
	 * from, before its lease is released.
	 * @param group the group
	 * @return whether the record does not show it (the lease may be released); on
	 * {@code false} the lease must be left to expire
	 */
	boolean retract(String group) {
		synchronized (this.monitor) {
			if (this.withdrawn || this.unavailable || !this.published.containsKey(group)) {
				return true;
			}
			try {
				exchange();
				return !this.published.containsKey(group);
			}
			catch (LeaderConfigurationException ex) {
				return unavailable(ex);
			}
			catch (RuntimeException ex) {
				logger.warn("Instance " + this.instanceId.get() + " could not retract its belief in group '" + group
						+ "' and leaves the lease to expire instead of releasing it: " + ex.getMessage());
				return false;
			}
		}
	}

	/**
	 * The findings kept, oldest first.
	 * @return the recent findings
	 */
	List<LeadershipConflict> conflicts() {
		synchronized (this.recent) {
			return List.copyOf(this.recent);
		}
	}

	private void exchangeQuietly() {
		synchronized (this.monitor) {
			if (this.withdrawn || this.unavailable) {
				return;
			}
			try {
				exchange();
			}
			catch (LeaderConfigurationException ex) {
				unavailable(ex);
			}
			catch (RuntimeException ex) {
				// The first failure of a series is worth a warning; the store's own
				// problems are reported by the campaigns.
				if (this.failing) {
					logger.debug("Instance " + this.instanceId.get() + " could not exchange beliefs: " + ex);
				}
				else {
					logger.warn("Instance " + this.instanceId.get() + " could not exchange beliefs; the "
							+ "duplicate-leader check misses a round: " + ex.getMessage());
				}
				this.failing = true;
			}
		}
	}

	private boolean unavailable(LeaderConfigurationException ex) {
		this.unavailable = true;
		this.published = Map.of();
		logger.error("Node " + this.nodeId + " publishes no membership record, so it checks for no duplicate "
				+ "leaders and does not balance or see pauses: " + ex.getMessage());
		return true;
	}

	private void exchange() {
		String instance = this.instanceId.get();
		Map<String, FencingToken> sent = new HashMap<>();
		BeliefBoard.Snapshot snapshot = this.board.exchange(this.nodeId, instance, () -> beliefs(sent), this.interval);
		Map<String, Long> tokens = new TreeMap<>();
		sent.forEach((group, token) -> tokens.put(group, token.value()));
		this.published = tokens;
		this.failing = false;
		if (this.checking) {
			check(instance, snapshot, sent);
		}
		for (Consumer<BeliefBoard.Snapshot> reader : this.readers) {
			try {
				reader.accept(snapshot);
			}
			catch (RuntimeException ex) {
				logger.warn("Instance " + instance + " could not apply what its store holds: " + ex, ex);
			}
		}
	}

	/**
	 * This instance's beliefs now; fills {@code sent} with the tokens published.
	 */
	private BeliefBoard.Beliefs beliefs(Map<String, FencingToken> sent) {
		sent.clear();
		// First: it walks every group, and the validity below is counted from now.
		BeliefBoard.Member member = this.member.get();
		long validFor = Long.MAX_VALUE;
		for (Campaign campaign : this.campaigns.get()) {
			Optional<FencingToken> token = campaign.token();
			long remaining = campaign.beliefNanos();
			if (token.isPresent() && remaining > 0) {
				sent.put(token.get().group(), token.get());
				validFor = Math.min(validFor, remaining);
			}
		}
		Map<String, Long> tokens = new HashMap<>();
		sent.forEach((group, token) -> tokens.put(group, token.value()));
		return new BeliefBoard.Beliefs(tokens, Duration.ofNanos(sent.isEmpty() ? 0 : validFor), member);
	}

	private void check(String instance, BeliefBoard.Snapshot snapshot, Map<String, FencingToken> sent) {
		Map<String, List<Believer>> believers = new TreeMap<>();
		snapshot.beliefs()
			.forEach((other, tokens) -> tokens
				.forEach((group, token) -> believers.computeIfAbsent(group, (key) -> new ArrayList<>())
					.add(new Believer(other, token))));
		// Only beliefs that held from before the request until now count as ours.
		sent.forEach((group, token) -> {
			Campaign campaign = this.campaignOf.apply(group);
			if (campaign != null && campaign.token().equals(Optional.of(token))) {
				believers.computeIfAbsent(group, (key) -> new ArrayList<>()).add(new Believer(instance, token.value()));
			}
		});
		believers.forEach((group, found) -> {
			Long storeToken = snapshot.storeTokens().get(group);
			String holder = snapshot.holders().get(group);
			// Another instance whose record lags its own newer grant is one process, not
			// two leaders: it stepped down and was granted again before it wrote its
			// record. (Ours is checked against what we believe now.)
			List<Believer> list = found.stream()
				.filter((believer) -> believer.instanceId().equals(instance) || !(believer.instanceId().equals(holder)
						&& storeToken != null && believer.token() < storeToken))
				.toList();
			if (list.isEmpty()) {
				return;
			}
			boolean stale = list.stream().anyMatch((believer) -> storeToken == null || believer.token() != storeToken);
			if (list.size() > 1) {
				report(new LeadershipConflict(group, Kind.TWO_BELIEVERS, list, storeToken, this.clock.instant()));
			}
			else if (stale) {
				report(new LeadershipConflict(group, Kind.STALE_BELIEF, list, storeToken, this.clock.instant()));
			}
			FencingToken own = sent.get(group);
			if (own != null && (storeToken == null || own.value() != storeToken)) {
				Campaign campaign = this.campaignOf.apply(group);
				if (campaign != null) {
					campaign.refuted(own, "the store's token is " + storeToken + " (found by the belief check)");
				}
			}
		});
	}

	private void report(LeadershipConflict conflict) {
		String key = conflict.group() + "/" + conflict.kind() + "/" + conflict.believers();
		synchronized (this.recent) {
			if (!this.reported.add(key)) {
				return;
			}
			if (this.reported.size() > 4 * KEPT_CONFLICTS) {
				this.reported.remove(this.reported.iterator().next());
			}
			this.recent.addLast(conflict);
			if (this.recent.size() > KEPT_CONFLICTS) {
				this.recent.removeFirst();
			}
		}
		logger.error("Duplicate-leader check on node " + this.nodeId + " found " + conflict.describe());
		this.observer.conflictDetected(conflict);
	}

}
