package dev.leader.lease;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.leader.FencingToken;
import dev.leader.RevocationReason;

/**
 * The campaign of one node for one group: acquire while following, renew while leading,
 * step down when the local lease runs out. Every transition bumps a generation so that
 * the results of store calls that were in flight across it are discarded.
 *
 * @author leader-spring-boot-starter
 */
final class GroupCampaign {

	private static final Log logger = LogFactory.getLog(GroupCampaign.class);

	private final LeaseCoordinator coordinator;

	private final String group;

	private final long leaseNanos;

	private final long validityNanos;

	private final long renewNanos;

	private final long retryNanos;

	private final Object monitor = new Object();

	/** This node's lease, or {@code null} while following. */
	private volatile Leadership leadership;

	private long generation;

	/** Renewals failed in a row; only the first of a streak is logged as a warning. */
	private int failedRenewals;

	private boolean active;

	private ScheduledFuture<?> nextAttempt;

	private ScheduledFuture<?> deadlineCheck;

	GroupCampaign(LeaseCoordinator coordinator, String group) {
		this.coordinator = coordinator;
		this.group = group;
		LeaseTimings timings = coordinator.timings();
		this.leaseNanos = timings.leaseDuration().toNanos();
		this.validityNanos = timings.localValidity().toNanos();
		this.renewNanos = timings.renewInterval().toNanos();
		this.retryNanos = timings.retryInterval().toNanos();
	}

	boolean isLeader() {
		Leadership current = this.leadership;
		return current != null && current.isValidAt(this.coordinator.nanoTime());
	}

	Optional<FencingToken> token() {
		Leadership current = this.leadership;
		return (current != null && current.isValidAt(this.coordinator.nanoTime())) ? Optional.of(current.token())
				: Optional.empty();
	}

	void start() {
		synchronized (this.monitor) {
			if (this.active) {
				return;
			}
			this.active = true;
			logger.info("Node " + nodeId() + " campaigning for group '" + this.group + "' on " + store().description());
			scheduleAttempt(0);
		}
	}

	void stop() {
		Leadership released;
		synchronized (this.monitor) {
			this.active = false;
			released = this.leadership;
			stepDown(RevocationReason.SHUTDOWN);
			this.generation++;
			cancel(this.nextAttempt);
		}
		if (released != null) {
			this.coordinator.beforeRelease(this.group);
			release(released.token());
		}
	}

	boolean yieldLeadership() {
		Leadership released;
		synchronized (this.monitor) {
			released = this.leadership;
			if (released == null) {
				return false;
			}
			stepDown(RevocationReason.YIELDED);
		}
		this.coordinator.beforeRelease(this.group);
		release(released.token());
		return true;
	}

	private void attempt(long expectedGeneration) {
		Leadership held;
		synchronized (this.monitor) {
			if (!isCurrent(expectedGeneration)) {
				return;
			}
			held = this.leadership;
		}
		if (held == null) {
			acquire(expectedGeneration);
		}
		else {
			renew(held, expectedGeneration);
		}
	}

	private void acquire(long expectedGeneration) {
		long sentAt = this.coordinator.nanoTime();
		OptionalLong acquired;
		try {
			acquired = store().acquire(this.group, nodeId(), Duration.ofNanos(this.leaseNanos),
					Duration.ofNanos(this.validityNanos));
		}
		catch (RuntimeException ex) {
			logger.debug("Node " + nodeId() + " could not try to acquire group '" + this.group + "': " + ex);
			synchronized (this.monitor) {
				if (isCurrent(expectedGeneration)) {
					scheduleAttempt(this.retryNanos);
				}
			}
			return;
		}
		FencingToken orphan = null;
		synchronized (this.monitor) {
			if (!isCurrent(expectedGeneration)) {
				// Stopped or yielded while the call was in flight: give back what it
				// took.
				orphan = acquired.isPresent() ? token(acquired.getAsLong()) : null;
			}
			else if (acquired.isEmpty()) {
				scheduleAttempt(this.retryNanos);
			}
			else {
				long validUntil = sentAt + this.validityNanos;
				if (this.coordinator.nanoTime() - validUntil >= 0) {
					// The answer came too late to rely on; acquiring again advances the
					// token.
					scheduleAttempt(0);
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

	private void grant(FencingToken token, long sentAt, long validUntil) {
		this.generation++;
		this.leadership = new Leadership(token, validUntil);
		this.coordinator.granted(token);
		scheduleAttempt(sentAt + this.renewNanos - this.coordinator.nanoTime());
		armDeadlineCheck(validUntil, this.generation);
	}

	private void renew(Leadership held, long expectedGeneration) {
		long sentAt = this.coordinator.nanoTime();
		long remaining = held.validUntil() - sentAt;
		boolean renewed;
		try {
			if (remaining <= 0) {
				throw new IllegalStateException("local lease ran out before the renewal was sent");
			}
			renewed = store().renew(this.group, nodeId(), held.token().value(), Duration.ofNanos(this.leaseNanos),
					Duration.ofNanos(remaining));
		}
		catch (RuntimeException ex) {
			observeRenewal(sentAt, false);
			synchronized (this.monitor) {
				if (isCurrent(expectedGeneration)) {
					long left = held.validUntil() - this.coordinator.nanoTime();
					String message = "Node " + nodeId() + " failed to renew group '" + this.group + "' (token "
							+ held.token().value() + "), lease locally valid for " + Math.max(0, left / 1_000_000)
							+ " ms more: " + ex;
					if (this.failedRenewals++ == 0) {
						logger.warn(message);
					}
					else {
						logger.debug(message);
					}
					if (left > 0) {
						scheduleAttempt(Math.min(this.retryNanos, left));
					}
					else {
						stepDown(RevocationReason.STORE_UNREACHABLE);
					}
				}
			}
			return;
		}
		observeRenewal(sentAt, renewed);
		synchronized (this.monitor) {
			if (!isCurrent(expectedGeneration)) {
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
			scheduleAttempt(sentAt + this.renewNanos - now);
		}
	}

	private void observeRenewal(long sentAt, boolean success) {
		try {
			this.coordinator.observer()
				.renewed(this.group, Duration.ofNanos(this.coordinator.nanoTime() - sentAt), success);
		}
		catch (RuntimeException ex) {
			logger.debug("Lease observer failed", ex);
		}
	}

	private void armDeadlineCheck(long validUntil, long expectedGeneration) {
		this.deadlineCheck = this.coordinator.scheduleTimerCheck(() -> checkDeadline(expectedGeneration),
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
	 * while campaigning, try again later: after a yield, late enough for a follower to
	 * win.
	 */
	private void stepDown(RevocationReason reason) {
		Leadership previous = this.leadership;
		if (previous == null) {
			return;
		}
		this.leadership = null;
		this.failedRenewals = 0;
		this.generation++;
		cancel(this.nextAttempt);
		cancel(this.deadlineCheck);
		this.coordinator.revoked(previous.token(), reason);
		if (this.active) {
			scheduleAttempt((reason == RevocationReason.YIELDED) ? 2 * this.retryNanos : this.retryNanos);
		}
	}

	private void release(FencingToken token) {
		try {
			store().release(this.group, nodeId(), token.value(), this.coordinator.timings().renewInterval());
		}
		catch (RuntimeException ex) {
			logger.warn("Node " + nodeId() + " could not release group '" + this.group + "' (token " + token.value()
					+ "); it expires on its own: " + ex);
		}
	}

	private void scheduleAttempt(long delayNanos) {
		long scheduledGeneration = this.generation;
		this.nextAttempt = this.coordinator.scheduleStoreCall(() -> attempt(scheduledGeneration), delayNanos);
	}

	private boolean isCurrent(long expectedGeneration) {
		return this.active && this.generation == expectedGeneration;
	}

	private FencingToken token(long value) {
		return new FencingToken(this.group, value, nodeId());
	}

	private LeaseStore store() {
		return this.coordinator.leaseStore();
	}

	private String nodeId() {
		return this.coordinator.nodeId();
	}

	private static void cancel(ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	/**
	 * This node's lease of the group: its token and the monotonic instant it ends
	 * locally.
	 */
	private record Leadership(FencingToken token, long validUntil) {

		boolean isValidAt(long nanoTime) {
			return nanoTime - this.validUntil < 0;
		}

	}

}
