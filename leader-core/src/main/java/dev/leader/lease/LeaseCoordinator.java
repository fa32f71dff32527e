package dev.leader.lease;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;
import dev.leader.engine.CoordinatorBuilder;
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
 */
public final class LeaseCoordinator implements LeaderCoordinator, Lifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(LeaseCoordinator.class);

	/** Numbers the thread names of every run of every coordinator in this JVM. */
	private static final AtomicInteger runs = new AtomicInteger();

	private final LeaseStore store;

	private final String nodeId;

	/**
	 * Drawn anew at every start after a stop: a restarted coordinator is a new instance.
	 */
	private volatile String instanceId;

	private final LeaseTimings timings;

	private final Clock clock;

	private final LeadershipListener listener;

	private final Consumer<String> beforeRelease;

	private final BiConsumer<String, RevocationReason> leadershipLost;

	private final LeaseObserver observer;

	private final ConcurrentMap<String, GroupCampaign> campaigns = new ConcurrentHashMap<>();

	private final int storeThreads;

	/** The threads of the current run; new ones for every start after a stop. */
	private volatile Workers workers;

	/** Serializes start and stop. */
	private final Object lifecycleMonitor = new Object();

	/** Holders seen with this node's id that are other instances, warned about once. */
	private final Set<String> twinsWarned = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);

	private final AtomicBoolean roundRequested = new AtomicBoolean();

	/**
	 * How early a follower's attempt may be taken to join a round: reading a lease early
	 * only learns its end early.
	 */
	private final long attemptWindowNanos;

	/** How early a renewal may be taken to join a round. */
	private final long renewWindowNanos;

	private volatile @Nullable ReleaseWatch releaseWatch;

	private LeaseCoordinator(Builder builder, CoordinatorOptions options) {
		this.store = builder.store;
		this.nodeId = options.nodeId();
		this.instanceId = Identifiers.newInstanceId(options.nodeId());
		this.timings = builder.timings;
		this.clock = options.clock();
		this.listener = options.listener();
		this.beforeRelease = options.beforeRelease();
		this.leadershipLost = options.leadershipLost();
		this.observer = options.observer();
		this.storeThreads = builder.storeThreads;
		this.workers = new Workers(this.storeThreads);
		this.attemptWindowNanos = Math.min(this.timings.retryInterval().toNanos(),
				this.timings.renewInterval().toNanos()) / 2;
		this.renewWindowNanos = this.timings.renewInterval().toNanos() / 2;
		options.groups().forEach(this::campaign);
	}

	/**
	 * Start building a coordinator over a store.
	 * @param store the lease store
	 * @return the builder
	 */
	public static Builder builder(LeaseStore store) {
		return new Builder(store);
	}

	/**
	 * Start campaigning for every group joined so far (and those joined later). Fails
	 * when the store is set up wrongly (for example a missing table); a store that cannot
	 * be reached yet is retried by the campaigns. A stopped coordinator can be started
	 * again (Spring stops and restarts the lifecycle beans of paused contexts): it then
	 * campaigns as a new instance, with a new {@link #instanceId()}.
	 * @throws LeaderConfigurationException when the store is not set up
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			Phase current = this.phase.get();
			if (current == Phase.RUNNING) {
				return;
			}
			if (current == Phase.STOPPED) {
				this.workers = new Workers(this.storeThreads);
				this.instanceId = Identifiers.newInstanceId(this.nodeId);
				this.twinsWarned.clear();
			}
			this.phase.set(Phase.RUNNING);
			startRunning();
		}
	}

	private void startRunning() {
		try {
			this.store.checkReady(this.timings.renewInterval());
		}
		catch (LeaderConfigurationException ex) {
			this.phase.set(Phase.STOPPED);
			shutdownExecutors();
			throw ex;
		}
		catch (LeaderStoreException ex) {
			logger.warn("Lease store " + this.store.description() + " is not reachable yet; node " + this.nodeId
					+ " keeps trying: " + ex.getMessage());
		}
		watchReleases();
		this.campaigns.values().forEach(GroupCampaign::start);
	}

	/**
	 * Stop campaigning: step down from every group (revoked with
	 * {@link RevocationReason#SHUTDOWN}) and release the leases, so that followers take
	 * over at their next attempt. Idempotent; {@link #start()} campaigns again.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			Phase previous = this.phase.getAndSet(Phase.STOPPED);
			if (previous == Phase.STOPPED) {
				return;
			}
			ReleaseWatch watch = this.releaseWatch;
			this.releaseWatch = null;
			if (watch != null) {
				watch.close();
			}
			List<GroupCampaign> all = new ArrayList<>(this.campaigns.values());
			all.forEach(GroupCampaign::stop);
			shutdownExecutors();
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Whether {@link #start()} was called and {@link #stop()} was not.
	 * @return {@code true} while running
	 */
	@Override
	public boolean isRunning() {
		return this.phase.get() == Phase.RUNNING;
	}

	@Override
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * This start's identity, recorded as the holder of the leases it takes: the node id,
	 * {@code #} and a nonce drawn when the coordinator was built.
	 */
	@Override
	public String instanceId() {
		return this.instanceId;
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

	/**
	 * Campaign for a group: at once while running, else from the next {@link #start()}.
	 */
	@Override
	public void campaign(String group) {
		Identifiers.requireValidGroup(group);
		GroupCampaign campaign = this.campaigns.computeIfAbsent(group, (name) -> new GroupCampaign(this, name));
		if (this.phase.get() == Phase.RUNNING) {
			campaign.start();
		}
	}

	@Override
	public boolean isLeader(String group) {
		GroupCampaign campaign = this.campaigns.get(group);
		return campaign != null && campaign.isLeader();
	}

	@Override
	public Optional<FencingToken> token(String group) {
		GroupCampaign campaign = this.campaigns.get(group);
		return (campaign != null) ? campaign.token() : Optional.empty();
	}

	@Override
	public Optional<Lease> lease(String group) {
		Identifiers.requireValidGroup(group);
		return this.store.read(group, this.timings.renewInterval());
	}

	@Override
	public void verify(FencingToken token) {
		try {
			// Tokens of groups this node campaigns for must also be valid locally; other
			// tokens
			// (such as ShedLock locks held under this node id) are checked in the store
			// only.
			if (token.holder().equals(this.instanceId) && this.campaigns.containsKey(token.group())
					&& !token(token.group()).equals(Optional.of(token))) {
				throw new FencingException(token,
						"instance " + this.instanceId + " no longer holds a valid lease with it");
			}
			Lease lease = this.store.read(token.group(), this.timings.renewInterval())
				.orElseThrow(() -> new FencingException(token, "group '" + token.group() + "' was never leased"));
			lease.requireCurrent(token);
		}
		catch (FencingException ex) {
			this.observer.fencingChecked(token, false);
			throw ex;
		}
		this.observer.fencingChecked(token, true);
	}

	@Override
	public void checkStore() {
		this.store.checkReady(this.timings.renewInterval());
	}

	@Override
	public boolean yield(String group) {
		GroupCampaign campaign = this.campaigns.get(group);
		return campaign != null && campaign.yieldLeadership();
	}

	@Override
	public Set<String> groups() {
		return Collections.unmodifiableSet(new TreeSet<>(this.campaigns.keySet()));
	}

	/**
	 * Let running leader-only work of a group finish or be interrupted before its lease
	 * is released.
	 */
	void beforeRelease(String group) {
		try {
			this.beforeRelease.accept(group);
		}
		catch (RuntimeException ex) {
			logger.error("Before-release hook failed for group '" + group + "'", ex);
		}
	}

	/**
	 * This node lost a group's lease: tell the hook at once, on this thread.
	 */
	void leadershipLost(String group, RevocationReason reason) {
		try {
			this.leadershipLost.accept(group, reason);
		}
		catch (Throwable ex) {
			logger.error("Leadership-lost hook failed for group '" + group + "'", ex);
		}
	}

	/**
	 * How long a node that yielded waits after its release before it campaigns again, so
	 * that followers polling every retry interval get their turn first.
	 */
	long handoverWindowNanos() {
		return 3 * this.timings.retryInterval().toNanos();
	}

	LeaseObserver observer() {
		return this.observer;
	}

	LeaseStore leaseStore() {
		return this.store;
	}

	long nanoTime() {
		return System.nanoTime();
	}

	/**
	 * Whether the store announces releases now, so that followers need not poll.
	 */
	boolean isWatchingReleases() {
		ReleaseWatch watch = this.releaseWatch;
		return watch != null && watch.isWatching();
	}

	/**
	 * Ask for a round after a delay measured on the timer thread.
	 */
	@Nullable ScheduledFuture<?> scheduleRound(long delayNanos) {
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
	void requestRound() {
		if (this.phase.get() != Phase.RUNNING || !this.roundRequested.compareAndSet(false, true)) {
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
		List<GroupCampaign.Step> renewals = new ArrayList<>();
		List<GroupCampaign.Step> attempts = new ArrayList<>();
		for (GroupCampaign campaign : this.campaigns.values()) {
			GroupCampaign.Step step = campaign.takeStep(now, this.attemptWindowNanos, this.renewWindowNanos);
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
					logger.error("Instance " + this.instanceId + " failed in a round of store calls", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Coordinator stopped; round not run");
		}
	}

	private void renew(List<GroupCampaign.Step> steps) {
		long sentAt = nanoTime();
		Map<String, Long> tokens = new LinkedHashMap<>();
		List<GroupCampaign.Step> sent = new ArrayList<>();
		long timeout = Long.MAX_VALUE;
		for (GroupCampaign.Step step : steps) {
			long remaining = step.lease().validUntil() - sentAt;
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
			renewed = this.store.renewAll(this.instanceId, tokens, this.timings.leaseDuration(),
					Duration.ofNanos(timeout));
		}
		catch (Throwable ex) {
			sent.forEach((step) -> step.campaign().renewFailed(step, sentAt, ex));
			return;
		}
		sent.forEach((step) -> step.campaign().renewed(step, sentAt, renewed.contains(step.campaign().group())));
	}

	private void attempt(List<GroupCampaign.Step> steps) {
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
		List<GroupCampaign.Step> acquirable = new ArrayList<>();
		for (GroupCampaign.Step step : steps) {
			Lease lease = leases.get(step.campaign().group());
			warnOfTwin(lease);
			if (lease == null || step.campaign().isAcquirable(lease)) {
				acquirable.add(step);
			}
			else {
				step.campaign().following(step, GroupCampaign.remainingNanos(lease), readAt);
			}
		}
		acquirable.forEach((step) -> step.campaign().acquire(step));
	}

	/**
	 * Another process configured with this node's id holds a lease: the two never take
	 * each other's lease, but operators should give each its own id.
	 */
	private void warnOfTwin(@Nullable Lease lease) {
		String holder = (lease != null && lease.isActive()) ? lease.holder() : null;
		if (lease == null || holder == null || holder.equals(this.instanceId)
				|| !Identifiers.nodeIdOf(holder).equals(this.nodeId) || !this.twinsWarned.add(holder)) {
			return;
		}
		logger.warn("Instance " + this.instanceId + " found group '" + lease.group() + "' held by instance "
				+ lease.holder() + ", another process configured with the same node id '" + this.nodeId
				+ "' (or this node's previous run, whose lease has not expired yet). Neither takes the other's lease, "
				+ "but give every process its own leader.node-id");
	}

	private void watchReleases() {
		try {
			this.releaseWatch = this.store.watchReleases(new ReleaseWatch.Listener() {

				@Override
				public void released(String group) {
					GroupCampaign campaign = LeaseCoordinator.this.campaigns.get(group);
					if (campaign != null) {
						campaign.releaseAnnounced();
					}
				}

				@Override
				public void watching(boolean watching) {
					logger.debug("Node " + LeaseCoordinator.this.nodeId + (watching ? " watches" : " no longer watches")
							+ " releases on " + LeaseCoordinator.this.store.description());
					LeaseCoordinator.this.campaigns.values().forEach((campaign) -> campaign.watchChanged(watching));
				}

			}).orElse(null);
		}
		catch (RuntimeException ex) {
			logger.warn("Node " + this.nodeId + " cannot watch releases on " + this.store.description()
					+ "; followers poll every retry interval: " + ex);
		}
	}

	/**
	 * Run a check on the timer thread, which never waits for the store, so that a
	 * step-down happens on time while store calls hang.
	 */
	@Nullable ScheduledFuture<?> scheduleTimerCheck(Runnable check, long delayNanos) {
		try {
			return this.workers.timer.schedule(check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	void granted(FencingToken token) {
		logger.info("Instance " + this.instanceId + " leads group '" + token.group() + "' with token " + token.value());
		publish(new LeadershipGrantedEvent(this, token, this.clock));
	}

	void revoked(FencingToken token, RevocationReason reason) {
		logger.info("Instance " + this.instanceId + " stopped leading group '" + token.group() + "' (token "
				+ token.value() + "): " + reason);
		publish(new LeadershipRevokedEvent(this, token, reason, this.clock));
	}

	private void publish(LeadershipEvent event) {
		try {
			this.workers.events.execute(() -> {
				try {
					this.listener.onLeadershipChange(event);
				}
				catch (Throwable ex) {
					logger.error("Leadership listener failed on " + event, ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Coordinator stopped; dropping " + event);
		}
	}

	private void shutdownExecutors() {
		this.workers.shutdown(this.timings.leaseDuration());
	}

	@Override
	public String toString() {
		return "LeaseCoordinator[" + this.instanceId + " on " + this.store.description() + "]";
	}

	private enum Phase {

		NEW, RUNNING, STOPPED

	}

	/**
	 * The threads of one run: one timer thread (rounds and step-down deadlines, never
	 * waiting for the store), one renewal thread, the attempt threads, one event thread.
	 */
	private static final class Workers {

		private final ScheduledExecutorService timer;

		/**
		 * Renewals, on a thread of their own so that a slow acquisition never holds them.
		 */
		private final ExecutorService renewCalls;

		/** Reads and acquisitions, which may wait behind another node's row lock. */
		private final ExecutorService attemptCalls;

		private final ExecutorService events;

		Workers(int storeThreads) {
			int run = runs.incrementAndGet();
			this.timer = Executors.newSingleThreadScheduledExecutor(threads("leader-" + run + "-timer"));
			this.renewCalls = Executors.newSingleThreadExecutor(threads("leader-" + run + "-renew"));
			this.attemptCalls = Executors.newFixedThreadPool(storeThreads, threads("leader-" + run + "-store"));
			this.events = Executors.newSingleThreadExecutor(threads("leader-" + run + "-events"));
		}

		/**
		 * Stop the timer at once; let store calls in flight and queued events finish,
		 * waiting up to {@code wait} for each.
		 */
		void shutdown(Duration wait) {
			this.timer.shutdownNow();
			this.renewCalls.shutdown();
			this.attemptCalls.shutdown();
			this.events.shutdown();
			try {
				for (ExecutorService calls : List.of(this.renewCalls, this.attemptCalls)) {
					if (!calls.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
						calls.shutdownNow();
					}
				}
				this.events.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		private static ThreadFactory threads(String prefix) {
			AtomicInteger count = new AtomicInteger();
			return (runnable) -> {
				Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			};
		}

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
