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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.engine.Campaign;
import dev.leader.engine.LeadershipChanges;

/**
 * The campaign of one node for one group: acquire while following, renew while leading,
 * step down when the local lease runs out. Every transition bumps a generation so that
 * the results of store calls that were in flight across it are discarded.
 * <p>
 * A campaign does not call the store on its own schedule: it says when its next step is
 * due, and the coordinator takes the steps of all groups that are due together in one
 * round, with one store call for all renewals and one for all followers' reads (see
 * {@link LeaseCoordinator}). At most one step of a campaign is in flight at a time.
 * <p>
 * A follower reads the lease and, while another node holds it, tries next when it expires
 * in store time (converted to this node's monotonic clock), at once when the store
 * announces a release, and at the latest after the retry interval while the store cannot
 * announce releases.
 *
 * @author leader-spring-boot-starter
 */
final class GroupCampaign implements Campaign {

	private static final Log logger = LogFactory.getLog(GroupCampaign.class);

	private final LeaseCoordinator coordinator;

	private final LeaseRounds rounds;

	private final LeadershipChanges changes;

	private final String group;

	private final long leaseNanos;

	private final long validityNanos;

	private final long renewNanos;

	private final long retryNanos;

	private final Object monitor = new Object();

	/** This node's lease, or {@code null} while following. */
	private volatile @Nullable Leadership leadership;

	private long generation;

	/** Renewals failed in a row; only the first of a streak is logged as a warning. */
	private int failedRenewals;

	private boolean active;

	/** Whether a next step is scheduled, due at {@link #dueAt} (monotonic). */
	private boolean scheduled;

	private long dueAt;

	/** Whether a step was taken and its result is not handled yet. */
	private boolean inFlight;

	/** A release was announced while a step was in flight: try again right after it. */
	private boolean releaseAnnounced;

	/** After yielding, announced releases (its own) are ignored until then. */
	private long quietUntil;

	/**
	 * Between a yield's step-down and the end of its release: the campaign takes no step,
	 * so it cannot take back the lease it is handing over.
	 */
	private boolean yielding;

	/**
	 * The token this node gave up by its last yield: a lease still held under it (a
	 * release that failed) is not taken back by the reentrant path, but left to expire.
	 */
	private long surrenderedToken;

	private @Nullable ScheduledFuture<?> wakeUp;

	private @Nullable ScheduledFuture<?> deadlineCheck;

	GroupCampaign(LeaseCoordinator coordinator, String group, LeaseRounds rounds, LeadershipChanges changes) {
		this.coordinator = coordinator;
		this.rounds = rounds;
		this.changes = changes;
		this.group = group;
		LeaseTimings timings = coordinator.timings();
		this.leaseNanos = timings.leaseDuration().toNanos();
		this.validityNanos = timings.localValidity().toNanos();
		this.renewNanos = timings.renewInterval().toNanos();
		this.retryNanos = timings.retryInterval().toNanos();
		this.quietUntil = coordinator.nanoTime();
	}

	String group() {
		return this.group;
	}

	@Override
	public boolean isLeader() {
		Leadership current = this.leadership;
		return current != null && current.isValidAt(this.coordinator.nanoTime());
	}

	@Override
	public Optional<FencingToken> token() {
		Leadership current = this.leadership;
		return (current != null && current.isValidAt(this.coordinator.nanoTime())) ? Optional.of(current.token())
				: Optional.empty();
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.active) {
				return;
			}
			this.active = true;
			// A step of an earlier run that never came back (dropped when that run's
			// threads stopped) must not hold up this one; its result, if any, is stale.
			this.inFlight = false;
			this.releaseAnnounced = false;
			logger.info("Node " + nodeId() + " (instance " + instanceId() + ") campaigning for group '" + this.group
					+ "' on " + store().description());
			scheduleStep(0);
		}
	}

	@Override
	public void stop() {
		Leadership released;
		synchronized (this.monitor) {
			this.active = false;
			released = this.leadership;
			stepDown(RevocationReason.SHUTDOWN);
			this.generation++;
			unschedule();
		}
		if (released != null) {
			this.changes.beforeRelease(this.group);
			release(released.token());
		}
	}

	/**
	 * Step down, let running work drain, release the lease, and only then, after the
	 * handover window, campaign again: a follower that is campaigning takes over, however
	 * long the drain took.
	 */
	@Override
	public boolean yieldLeadership() {
		Leadership released;
		synchronized (this.monitor) {
			released = this.leadership;
			if (released == null || this.yielding) {
				return false;
			}
			this.yielding = true;
			this.surrenderedToken = released.token().value();
			stepDown(RevocationReason.YIELDED);
		}
		try {
			this.changes.beforeRelease(this.group);
			release(released.token());
		}
		finally {
			synchronized (this.monitor) {
				this.yielding = false;
				if (this.active) {
					long window = this.coordinator.handoverWindowNanos();
					this.quietUntil = this.coordinator.nanoTime() + window;
					scheduleStep(window);
				}
			}
		}
		return true;
	}

	@Override
	public void refuted(FencingToken token, String reason) {
		synchronized (this.monitor) {
			Leadership current = this.leadership;
			if (current != null && current.token().equals(token)) {
				logger.warn("Instance " + instanceId() + " steps down from group '" + this.group
						+ "': the store refuted " + "its token " + token.value() + " (" + reason + ")");
				stepDown(RevocationReason.LEASE_LOST);
			}
		}
	}

	// Steps, taken by the coordinator's rounds

	/**
	 * The step to take now, when one is due within the window (a renewal window while
	 * leading, an attempt window while following): it is then in flight until its result
	 * is handed back, exactly once, to {@link #following}, {@link #acquire},
	 * {@link #attemptFailed}, {@link #renewed} or {@link #renewFailed}.
	 * @return the step, or {@code null} when none is due
	 */
	@Nullable Step takeStep(long now, long attemptWindow, long renewWindow) {
		synchronized (this.monitor) {
			if (!this.active || !this.scheduled || this.inFlight || this.yielding) {
				return null;
			}
			Leadership held = this.leadership;
			if (this.dueAt - now > ((held != null) ? renewWindow : attemptWindow)) {
				return null;
			}
			this.scheduled = false;
			this.inFlight = true;
			cancel(this.wakeUp);
			return new Step(this, this.generation, held);
		}
	}

	/**
	 * The lease read by an attempt is held by another node and expires in
	 * {@code remainingNanos} (store time) after {@code readAt}: try again then.
	 */
	void following(Step step, long remainingNanos, long readAt) {
		synchronized (this.monitor) {
			landed();
			if (!isCurrent(step.generation())) {
				return;
			}
			long delay = remainingNanos;
			if (this.releaseAnnounced) {
				delay = 0;
			}
			else if (!this.rounds.isWatchingReleases()) {
				delay = Math.min(delay, this.retryNanos);
			}
			this.releaseAnnounced = false;
			scheduleStep(readAt + delay - this.coordinator.nanoTime());
		}
	}

	/**
	 * The lease read by an attempt is free, expired, ours from an earlier run, or was
	 * never taken: acquire it (one store call, on the calling store thread).
	 */
	void acquire(Step step) {
		synchronized (this.monitor) {
			if (!isCurrent(step.generation())) {
				landed();
				return;
			}
		}
		long sentAt = this.coordinator.nanoTime();
		OptionalLong acquired;
		try {
			acquired = store().acquire(this.group, instanceId(), Duration.ofNanos(this.leaseNanos),
					Duration.ofNanos(this.validityNanos));
		}
		catch (Throwable ex) {
			attemptFailed(step, ex);
			return;
		}
		FencingToken orphan = null;
		synchronized (this.monitor) {
			landed();
			if (!isCurrent(step.generation())) {
				// Stopped or yielded while the call was in flight: give back what it
				// took.
				orphan = acquired.isPresent() ? token(acquired.getAsLong()) : null;
			}
			else if (acquired.isEmpty()) {
				// Another node was faster; its lease's end is learnt at the next read.
				scheduleStep(this.releaseAnnounced ? 0 : this.retryNanos);
				this.releaseAnnounced = false;
			}
			else {
				long validUntil = sentAt + this.validityNanos;
				if (this.coordinator.nanoTime() - validUntil >= 0) {
					// The answer came too late to rely on; acquiring again advances the
					// token.
					scheduleStep(0);
				}
				else {
					grant(token(acquired.getAsLong()), sentAt, validUntil);
				}
			}
		}
		if (orphan != null) {
			release(orphan);
		}
	}

	void attemptFailed(Step step, Throwable ex) {
		String message = "Instance " + instanceId() + " could not try to acquire group '" + this.group + "': " + ex;
		if (ex instanceof Error) {
			logger.warn(message, ex);
		}
		else {
			logger.debug(message);
		}
		synchronized (this.monitor) {
			landed();
			if (isCurrent(step.generation())) {
				this.releaseAnnounced = false;
				scheduleStep(this.retryNanos);
			}
		}
	}

	/**
	 * The result of a renewal sent at {@code sentAt}.
	 */
	void renewed(Step step, long sentAt, boolean renewed) {
		Leadership held = step.lease();
		observeRenewal(sentAt, renewed);
		synchronized (this.monitor) {
			landed();
			if (!isCurrent(step.generation())) {
				return;
			}
			if (!renewed) {
				stepDown(RevocationReason.LEASE_LOST);
				return;
			}
			long validUntil = sentAt + this.validityNanos;
			long now = this.coordinator.nanoTime();
			if (now - validUntil >= 0) {
				stepDown(RevocationReason.STORE_UNREACHABLE);
				return;
			}
			this.leadership = new Leadership(held.token(), validUntil);
			this.failedRenewals = 0;
			scheduleStep(sentAt + this.renewNanos - now);
		}
	}

	void renewFailed(Step step, long sentAt, Throwable ex) {
		Leadership held = step.lease();
		observeRenewal(sentAt, false);
		synchronized (this.monitor) {
			landed();
			if (!isCurrent(step.generation())) {
				return;
			}
			long left = held.validUntil() - this.coordinator.nanoTime();
			String message = "Instance " + instanceId() + " failed to renew group '" + this.group + "' (token "
					+ held.token().value() + "), lease locally valid for " + Math.max(0, left / 1_000_000)
					+ " ms more: " + ex;
			if (ex instanceof Error) {
				logger.warn(message, ex);
			}
			else if (this.failedRenewals++ == 0) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
			if (left > 0) {
				scheduleStep(Math.min(this.retryNanos, left));
			}
			else {
				stepDown(RevocationReason.STORE_UNREACHABLE);
			}
		}
	}

	// News of the store's releases

	/**
	 * Another node released this group's lease: a follower tries at once.
	 */
	void releaseAnnounced() {
		synchronized (this.monitor) {
			if (!this.active || this.leadership != null || this.yielding
					|| this.coordinator.nanoTime() - this.quietUntil < 0) {
				return;
			}
			if (this.inFlight) {
				this.releaseAnnounced = true;
			}
			else {
				scheduleStep(0);
			}
		}
	}

	/**
	 * Releases are announced again (after a gap in which some may have been missed): a
	 * follower tries at once; or they no longer are: a follower tries at the latest after
	 * the retry interval.
	 */
	void watchChanged(boolean watching) {
		synchronized (this.monitor) {
			if (!this.active || this.leadership != null || this.inFlight || !this.scheduled) {
				return;
			}
			long delay = watching ? 0 : this.retryNanos;
			if (this.dueAt - (this.coordinator.nanoTime() + delay) > 0) {
				scheduleStep(delay);
			}
		}
	}

	private void grant(FencingToken token, long sentAt, long validUntil) {
		this.generation++;
		this.leadership = new Leadership(token, validUntil);
		this.changes.granted(token);
		scheduleStep(sentAt + this.renewNanos - this.coordinator.nanoTime());
		armDeadlineCheck(validUntil, this.generation);
	}

	private void observeRenewal(long sentAt, boolean success) {
		try {
			this.coordinator.leaseObserver()
				.renewed(this.group, Duration.ofNanos(this.coordinator.nanoTime() - sentAt), success);
		}
		catch (Throwable ex) {
			logger.debug("Lease observer failed", ex);
		}
	}

	private void armDeadlineCheck(long validUntil, long expectedGeneration) {
		this.deadlineCheck = this.rounds.scheduleTimerCheck(() -> checkDeadline(expectedGeneration),
				validUntil - this.coordinator.nanoTime());
	}

	private void checkDeadline(long expectedGeneration) {
		synchronized (this.monitor) {
			Leadership current = this.leadership;
			if (!isCurrent(expectedGeneration) || current == null) {
				return;
			}
			if (current.isValidAt(this.coordinator.nanoTime())) {
				armDeadlineCheck(current.validUntil(), expectedGeneration);
			}
			else {
				stepDown(RevocationReason.STORE_UNREACHABLE);
			}
		}
	}

	/**
	 * Give up the local lease (the caller releases it in the store if it wants) and,
	 * while campaigning, try again after the retry interval; a yield schedules its next
	 * attempt itself once its release is done.
	 */
	private void stepDown(RevocationReason reason) {
		Leadership previous = this.leadership;
		if (previous == null) {
			return;
		}
		this.leadership = null;
		this.failedRenewals = 0;
		this.generation++;
		unschedule();
		cancel(this.deadlineCheck);
		this.changes.revoked(previous.token(), reason);
		if (this.active && reason != RevocationReason.YIELDED) {
			scheduleStep(this.retryNanos);
		}
	}

	private void release(FencingToken token) {
		try {
			store().release(this.group, instanceId(), token.value(), this.coordinator.timings().renewInterval());
		}
		catch (Throwable ex) {
			logger.warn("Instance " + instanceId() + " could not release group '" + this.group + "' (token "
					+ token.value() + "); it expires on its own: " + ex);
		}
	}

	/**
	 * Make the next step due after {@code delayNanos}, replacing any scheduled one.
	 */
	private void scheduleStep(long delayNanos) {
		cancel(this.wakeUp);
		long delay = Math.max(0, delayNanos);
		this.dueAt = this.coordinator.nanoTime() + delay;
		this.scheduled = true;
		this.wakeUp = this.rounds.scheduleRound(delay);
	}

	private void unschedule() {
		this.scheduled = false;
		cancel(this.wakeUp);
	}

	/**
	 * A step's result arrived (whether or not it is still wanted). A step that fell due
	 * meanwhile (after a step-down, say) was passed over by the rounds: ask for one.
	 */
	private void landed() {
		this.inFlight = false;
		if (this.scheduled && this.dueAt - this.coordinator.nanoTime() <= 0) {
			this.rounds.requestRound();
		}
	}

	private boolean isCurrent(long expectedGeneration) {
		return this.active && this.generation == expectedGeneration;
	}

	private FencingToken token(long value) {
		return new FencingToken(this.group, value, instanceId());
	}

	private LeaseStore store() {
		return this.coordinator.leaseStore();
	}

	private String nodeId() {
		return this.coordinator.nodeId();
	}

	private String instanceId() {
		return this.coordinator.instanceId();
	}

	private static void cancel(@Nullable ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	/**
	 * Whether a lease read by an attempt must be acquired: it is free or expired, the
	 * group was never leased, or this very instance holds it (it stepped down while the
	 * store still counted its lease, say after a late renewal), unless it gave that lease
	 * up by yielding. Another instance's unexpired lease is never taken, even when that
	 * instance has the same node id.
	 */
	boolean isAcquirable(@Nullable Lease lease) {
		if (lease == null || !lease.isActive()) {
			return true;
		}
		synchronized (this.monitor) {
			return instanceId().equals(lease.holder()) && lease.token() != this.surrenderedToken;
		}
	}

	/**
	 * How long a lease read by an attempt lasts from when it was read, in store time.
	 */
	static long remainingNanos(Lease lease) {
		return Duration.between(lease.storeTime(), lease.expiresAt()).toNanos();
	}

	/**
	 * A step taken in a round: an attempt to acquire when {@code held} is {@code null},
	 * else a renewal of {@code held}.
	 */
	record Step(GroupCampaign campaign, long generation, @Nullable Leadership held) {

		boolean isRenewal() {
			return this.held != null;
		}

		/**
		 * The lease a renewal renews.
		 */
		Leadership lease() {
			return Objects.requireNonNull(this.held, "not a renewal");
		}

	}

	/**
	 * This node's lease of the group: its token and the monotonic instant it ends
	 * locally.
	 */
	record Leadership(FencingToken token, long validUntil) {

		boolean isValidAt(long nanoTime) {
			return nanoTime - this.validUntil < 0;
		}

	}

}
