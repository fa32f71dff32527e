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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipHistoryException;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.engine.Campaign;
import dev.leader.engine.LeadershipChanges;
import dev.leader.lease.LocalLease.Held;

/**
 * The campaign of one node for one group: acquire while following, renew while leading,
 * step down when the local lease runs out. Every transition bumps a generation so that
 * the results of store calls that were in flight across it are discarded.
 * <p>
 * A campaign does not call the store on its own schedule: it says when its next step is
 * due ({@link StepSchedule}), and its {@link CampaignHost} takes the steps of all groups
 * that are due together in one round, with one store call for all renewals and one for
 * all followers' reads (see {@link LeaseRounds}). At most one step of a campaign is in
 * flight at a time. It is given its timings and its host; the host is its clock, its
 * identity and its store, so the state machine is all there is here.
 * <p>
 * While leading, the node believes it leads until the engine's {@link BeliefDeadline} of
 * its grant passes: the local validity after the send time of the last acquisition or
 * renewal the store confirmed.
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

	private final CampaignHost host;

	private final LeadershipChanges changes;

	private final String group;

	private final long leaseNanos;

	private final long validityNanos;

	private final long renewNanos;

	private final long retryNanos;

	private final long handoverWindowNanos;

	private final Object monitor = new Object();

	private final StepSchedule steps;

	private final LocalLease lease;

	private long generation;

	private boolean active;

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

	/**
	 * Why a lease acquired by a step that landed after a stop or yield is released: the
	 * reason of that stop or yield, for the history.
	 */
	private LeadershipEnd orphanEnd = LeadershipEnd.YIELDED;

	/** Whether the last attempt failed too, so that a lasting failure warns once. */
	private boolean attemptFailing;

	/** Whether the last attempt left a free lease to a node with room. */
	private boolean deferredLast;

	GroupCampaign(String group, LeaseTimings timings, CampaignHost host, LeadershipChanges changes) {
		this.group = group;
		this.host = host;
		this.changes = changes;
		this.leaseNanos = timings.leaseDuration().toNanos();
		this.validityNanos = timings.localValidity().toNanos();
		this.renewNanos = timings.renewInterval().toNanos();
		this.retryNanos = timings.retryInterval().toNanos();
		this.handoverWindowNanos = timings.handoverWindow().toNanos();
		this.steps = new StepSchedule(host);
		this.lease = new LocalLease(host, timings.localValidity());
		this.quietUntil = host.nanoTime();
	}

	String group() {
		return this.group;
	}

	@Override
	public boolean isLeader() {
		return this.lease.validToken().isPresent();
	}

	@Override
	public Optional<FencingToken> token() {
		return this.lease.validToken();
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.active) {
				return;
			}
			this.active = true;
			this.steps.reset();
			logger.info("Node " + this.host.nodeId() + " (instance " + instanceId() + ") campaigning for group '"
					+ this.group + "' on " + this.host.storeDescription());
			this.steps.schedule(0);
		}
	}

	@Override
	public void stop(RevocationReason reason) {
		Held released;
		synchronized (this.monitor) {
			this.active = false;
			this.orphanEnd = LeadershipEnd.released(reason);
			released = this.lease.held();
			stepDown(reason);
			this.generation++;
			this.steps.unschedule();
		}
		if (released != null) {
			this.changes.beforeRelease(this.group);
			release(released.token(), LeadershipEnd.released(reason));
		}
	}

	/**
	 * Step down, let running work drain, release the lease, and only then, after the
	 * handover window, campaign again: a follower that is campaigning takes over, however
	 * long the drain took.
	 */
	@Override
	public boolean yieldLeadership() {
		Held released;
		synchronized (this.monitor) {
			released = this.lease.held();
			if (released == null || this.yielding) {
				return false;
			}
			this.yielding = true;
			this.orphanEnd = LeadershipEnd.YIELDED;
			this.surrenderedToken = released.token().value();
			stepDown(RevocationReason.YIELDED);
		}
		try {
			this.changes.beforeRelease(this.group);
			release(released.token(), LeadershipEnd.YIELDED);
		}
		finally {
			synchronized (this.monitor) {
				this.yielding = false;
				if (this.active) {
					this.quietUntil = this.host.nanoTime() + this.handoverWindowNanos;
					this.steps.schedule(this.handoverWindowNanos);
				}
			}
		}
		return true;
	}

	@Override
	public void refuted(FencingToken token, String reason) {
		synchronized (this.monitor) {
			Held current = this.lease.held();
			if (current != null && current.token().equals(token)) {
				logger.warn("Instance " + instanceId() + " steps down from group '" + this.group
						+ "': the store refuted " + "its token " + token.value() + " (" + reason + ")");
				stepDown(RevocationReason.LEASE_LOST);
			}
		}
	}

	// Steps, taken by the host's rounds

	/**
	 * The step to take now, when one is due within the window (a renewal window while
	 * leading, an attempt window while following): it is then in flight until its result
	 * is handed back, exactly once, to {@link #following}, {@link #acquire},
	 * {@link #attemptFailed}, {@link #renewed} or {@link #renewFailed}.
	 * @return the step, or {@code null} when none is due
	 */
	@Nullable CampaignStep takeStep(long now, long attemptWindow, long renewWindow) {
		synchronized (this.monitor) {
			if (!this.active || this.yielding) {
				return null;
			}
			Held held = this.lease.held();
			if (!this.steps.take(now, (held != null) ? renewWindow : attemptWindow)) {
				return null;
			}
			return new CampaignStep(this, this.generation, held);
		}
	}

	/**
	 * The lease read by an attempt is held by another node and expires in
	 * {@code remainingNanos} (store time) after {@code readAt}: try again then, and
	 * {@code deferral} later if the placement would leave the group to a node with room
	 * (the round's, judged by the load at its start).
	 */
	void following(CampaignStep step, long remainingNanos, long readAt, long deferral) {
		long next;
		synchronized (this.monitor) {
			landed();
			this.deferredLast = false;
			this.attemptFailing = false;
			if (!isCurrent(step.generation())) {
				return;
			}
			long delay = remainingNanos;
			boolean waits = false;
			if (this.steps.takeReleaseAnnounced()) {
				delay = deferral;
				waits = deferral > 0;
			}
			else {
				if (!this.host.isWatchingReleases()) {
					delay = Math.min(delay, this.retryNanos);
				}
				if (delay >= remainingNanos) {
					// The next attempt finds the lease free: a node with room goes first.
					delay += deferral;
					waits = deferral > 0;
				}
			}
			// Having waited for the others already, the next attempt takes a free lease.
			this.deferredLast = waits;
			this.steps.schedule(readAt + delay - this.host.nanoTime());
			next = delay;
		}
		if (logger.isDebugEnabled()) {
			// What a follower that stays idle after a lease ran out would need to show.
			logger.debug("Instance " + instanceId() + " follows group '" + this.group + "', held for "
					+ TimeUnit.NANOSECONDS.toMillis(remainingNanos) + " ms more: next read in "
					+ TimeUnit.NANOSECONDS.toMillis(next) + " ms (placement delay "
					+ TimeUnit.NANOSECONDS.toMillis(deferral) + " ms)");
		}
	}

	/**
	 * The lease read by an attempt is free, but this node is at its share: try again
	 * after the delay, so that a node with room takes it first.
	 */
	void deferred(CampaignStep step, long delayNanos) {
		synchronized (this.monitor) {
			landed();
			this.attemptFailing = false;
			if (isCurrent(step.generation())) {
				this.deferredLast = true;
				this.steps.schedule(delayNanos);
			}
		}
	}

	/**
	 * Whether the next free lease may be left to a node that goes first: not twice in a
	 * row, nor after this node already waited for the others, so that a group no other
	 * node takes (capacity, eligibility, everyone cooling down) is still led.
	 */
	boolean mayDefer() {
		synchronized (this.monitor) {
			return !this.deferredLast;
		}
	}

	/**
	 * The lease read by an attempt is free, expired, ours from an earlier run, or was
	 * never taken: acquire it (one store call, on the calling store thread).
	 * @return whether the store granted it (the round counts it against this node's room)
	 */
	boolean acquire(CampaignStep step) {
		return acquire(step, null, false);
	}

	/**
	 * Acquire, or with {@code from} take over a lease whose holder's session ended (see
	 * {@link InstanceLiveness}): the same transitions, another store statement.
	 */
	void acquire(CampaignStep step, @Nullable Lease from) {
		acquire(step, from, false);
	}

	/**
	 * A step for a direct takeover, taken now outside the rounds when the session of the
	 * instance that held this group's lease at the last read ended: only while following
	 * with no step in flight, and only when this node would not defer the group to a node
	 * with room (that node goes first, through the normal path).
	 * @return the step, to be handed to {@link #takeOverDirectly}, or {@code null} when
	 * the normal path ({@link #releaseAnnounced()}) applies
	 */
	@Nullable CampaignStep takeOverStep() {
		long deferral = this.host.acquisitionDelayNanos(this.group);
		synchronized (this.monitor) {
			if (deferral > 0 || !this.active || this.yielding || this.lease.isHeld()
					|| this.host.nanoTime() - this.quietUntil < 0 || !this.steps.takeNow()) {
				return null;
			}
			return new CampaignStep(this, this.generation, null);
		}
	}

	/**
	 * Take over, without reading first, the lease {@code from} as this node last read it:
	 * the store's takeover is conditional on its holder and token, so a lease that
	 * changed since grants nothing, and the campaign then reads at once (the normal
	 * path).
	 */
	void takeOverDirectly(CampaignStep step, Lease from) {
		acquire(step, from, true);
	}

	private boolean acquire(CampaignStep step, @Nullable Lease from, boolean readOnMiss) {
		synchronized (this.monitor) {
			if (!isCurrent(step.generation())) {
				landed();
				return false;
			}
		}
		long sentAt = this.host.nanoTime();
		OptionalLong acquired;
		try {
			acquired = (from != null)
					? this.host.takeOver(this.group, from, Duration.ofNanos(this.leaseNanos),
							Duration.ofNanos(this.validityNanos))
					: this.host.acquire(this.group, Duration.ofNanos(this.leaseNanos),
							Duration.ofNanos(this.validityNanos));
		}
		catch (Throwable ex) {
			attemptFailed(step, ex);
			return false;
		}
		FencingToken orphan = null;
		LeadershipEnd orphanReason;
		long deferral = acquired.isEmpty() ? this.host.acquisitionDelayNanos(this.group) : 0;
		synchronized (this.monitor) {
			landed();
			this.attemptFailing = false;
			this.deferredLast = false;
			orphanReason = this.orphanEnd;
			if (!isCurrent(step.generation())) {
				// Stopped or yielded while the call was in flight: give back what it
				// took.
				orphan = acquired.isPresent() ? token(acquired.getAsLong()) : null;
			}
			else if (acquired.isEmpty()) {
				// Another node was faster, or a direct takeover's read was stale: the
				// lease's state is learnt at the next read, at once after a direct
				// takeover.
				boolean announced = this.steps.takeReleaseAnnounced();
				this.steps.schedule((announced || readOnMiss) ? deferral : this.retryNanos);
			}
			else {
				long epoch = this.generation + 1;
				if (!this.lease.confirmed(epoch, sentAt)) {
					// The answer came too late to rely on; acquiring again advances the
					// token.
					this.steps.schedule(0);
				}
				else {
					grant(token(acquired.getAsLong()), sentAt, epoch);
				}
			}
		}
		if (orphan != null) {
			release(orphan, orphanReason);
		}
		return acquired.isPresent();
	}

	void attemptFailed(CampaignStep step, Throwable ex) {
		String message = "Instance " + instanceId() + " could not try to acquire group '" + this.group + "': " + ex;
		boolean first;
		synchronized (this.monitor) {
			first = !this.attemptFailing;
			this.attemptFailing = true;
		}
		if (ex instanceof Error) {
			logger.warn(message, ex);
		}
		else if ((ex instanceof LeaderConfigurationException || ex instanceof LeadershipHistoryException) && first) {
			// A table missing or outdated (the lease table, its history table), or the
			// history not written: no acquisition can succeed until that is fixed.
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
		synchronized (this.monitor) {
			landed();
			if (isCurrent(step.generation())) {
				this.steps.takeReleaseAnnounced();
				this.steps.schedule(this.retryNanos);
			}
		}
	}

	/**
	 * The result of a renewal sent at {@code sentAt}.
	 */
	void renewed(CampaignStep step, long sentAt, boolean renewed) {
		Held held = step.lease();
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
			if (!this.lease.confirmed(held.epoch(), sentAt)) {
				stepDown(RevocationReason.STORE_UNREACHABLE);
				return;
			}
			this.steps.schedule(sentAt + this.renewNanos - this.host.nanoTime());
		}
	}

	void renewFailed(CampaignStep step, long sentAt, Throwable ex) {
		Held held = step.lease();
		observeRenewal(sentAt, false);
		synchronized (this.monitor) {
			landed();
			if (!isCurrent(step.generation())) {
				return;
			}
			long left = this.lease.remainingNanos(held);
			String message = "Instance " + instanceId() + " failed to renew group '" + this.group + "' (token "
					+ held.token().value() + "), lease locally valid for " + Math.max(0, left / 1_000_000)
					+ " ms more: " + ex;
			if (ex instanceof Error) {
				logger.warn(message, ex);
			}
			else if (this.lease.firstFailure()) {
				logger.warn(message);
			}
			else {
				logger.debug(message);
			}
			if (left > 0) {
				this.steps.schedule(Math.min(this.retryNanos, left));
			}
			else {
				stepDown(RevocationReason.STORE_UNREACHABLE);
			}
		}
	}

	/**
	 * This instance's liveness session ended: step down at once, and discard the result
	 * of any step in flight (an acquisition landing later is given back).
	 */
	void sessionLost() {
		synchronized (this.monitor) {
			this.orphanEnd = LeadershipEnd.LOST;
			stepDown(RevocationReason.LEASE_LOST);
			this.generation++;
		}
	}

	// News of the store's releases

	/**
	 * Another node released this group's lease: a follower tries at once, or after the
	 * placement's delay when it is at its share.
	 */
	void releaseAnnounced() {
		long openings = this.host.roomOpenings();
		announced(this.host.acquisitionDelayNanos(this.group), openings);
	}

	/**
	 * The session of an instance that may hold this group's lease ended: a follower reads
	 * at once, or, when it is at its share, after at most {@code maxDeferralNanos}, and
	 * then takes over what that instance still holds. A node with room that watched the
	 * instance goes first; but the nodes with room may not have watched it (each waits on
	 * a few instances only), and a dead leader's group must not wait out its lease for
	 * them, so the placement's full delay does not apply.
	 * @param maxDeferralNanos the longest this node leaves the group to a node with room
	 */
	void instanceEnded(long maxDeferralNanos) {
		long openings = this.host.roomOpenings();
		announced(Math.min(this.host.acquisitionDelayNanos(this.group), maxDeferralNanos), openings);
	}

	private void announced(long deferral, long openings) {
		synchronized (this.monitor) {
			if (!this.active || this.lease.isHeld() || this.yielding || this.host.nanoTime() - this.quietUntil < 0) {
				return;
			}
			if (this.steps.isInFlight()) {
				this.steps.releaseAnnounced();
			}
			else if (deferral > 0 && this.host.roomOpenings() != openings) {
				// The room opened since the delay was judged: judge again now.
				this.deferredLast = false;
				this.steps.schedule(0);
			}
			else {
				this.deferredLast = deferral > 0;
				this.steps.schedule(deferral);
			}
		}
	}

	/**
	 * This node no longer leaves free groups to the others by its load: a campaign that
	 * waits to leave this group to a node with room (its next read at the lease's expiry
	 * and the placement's delay, or a free group deferred) reads at once and judges
	 * again; it defers again if it must.
	 */
	void roomOpened() {
		synchronized (this.monitor) {
			if (!this.active || !this.deferredLast || this.lease.isHeld() || this.yielding || this.steps.isInFlight()
					|| !this.steps.isScheduled()) {
				return;
			}
			this.deferredLast = false;
			this.steps.schedule(0);
		}
	}

	/**
	 * Releases are announced again (after a gap in which some may have been missed): a
	 * follower tries at once; or they no longer are: a follower tries at the latest after
	 * the retry interval.
	 */
	void watchChanged(boolean watching) {
		synchronized (this.monitor) {
			if (!this.active || this.lease.isHeld() || this.steps.isInFlight() || !this.steps.isScheduled()) {
				return;
			}
			long delay = watching ? 0 : this.retryNanos;
			if (this.steps.isDueLaterThan(delay)) {
				this.steps.schedule(delay);
			}
		}
	}

	private void grant(FencingToken token, long sentAt, long epoch) {
		this.generation = epoch;
		this.lease.hold(new Held(token, epoch), () -> checkDeadline(epoch));
		this.changes.granted(token);
		this.steps.schedule(sentAt + this.renewNanos - this.host.nanoTime());
	}

	private void observeRenewal(long sentAt, boolean success) {
		try {
			this.host.renewalObserved(this.group, Duration.ofNanos(this.host.nanoTime() - sentAt), success);
		}
		catch (Throwable ex) {
			logger.debug("Lease observer failed", ex);
		}
	}

	@Override
	public long beliefNanos() {
		Held held = this.lease.held();
		return (held != null) ? this.lease.remainingNanos(held) : 0;
	}

	/**
	 * How long this node's belief in a lease it holds lasts from now.
	 * @return the nanoseconds left, 0 or less once it ended
	 */
	long validForNanos(Held held) {
		return this.lease.remainingNanos(held);
	}

	private void checkDeadline(long epoch) {
		synchronized (this.monitor) {
			Held current = this.lease.held();
			if (!isCurrent(epoch) || current == null) {
				return;
			}
			if (!this.lease.recheck(epoch, () -> checkDeadline(epoch))) {
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
		Held previous = this.lease.end();
		if (previous == null) {
			return;
		}
		this.generation++;
		this.steps.unschedule();
		this.changes.revoked(previous.token(), reason);
		if (this.active && reason != RevocationReason.YIELDED) {
			this.steps.schedule(this.retryNanos);
		}
	}

	private void release(FencingToken token, LeadershipEnd reason) {
		if (!this.changes.retractBelief(this.group)) {
			return;
		}
		try {
			this.host.release(this.group, token.value(), reason);
		}
		catch (Throwable ex) {
			logger.warn("Instance " + instanceId() + " could not release group '" + this.group + "' (token "
					+ token.value() + "); it expires on its own: " + ex);
		}
	}

	private void landed() {
		this.steps.landed();
	}

	private boolean isCurrent(long expectedGeneration) {
		return this.active && this.generation == expectedGeneration;
	}

	private FencingToken token(long value) {
		return new FencingToken(this.group, value, instanceId());
	}

	private String instanceId() {
		return this.host.instanceId();
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

}
