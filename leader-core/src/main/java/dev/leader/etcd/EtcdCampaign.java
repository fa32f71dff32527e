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

package dev.leader.etcd;

import java.time.Duration;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEnd;
import dev.leader.RevocationReason;
import dev.leader.engine.LeadershipChanges;
import dev.leader.engine.SessionCampaign;

/**
 * The campaign of one node for one group on etcd. An attempt creates the group's leader
 * key in one transaction, only if it does not exist, attached to this node's lease; its
 * create revision is the token. Then the campaign watches the key: a follower attempts at
 * once when it is deleted (released, or its holder's lease expired), a leader steps down
 * when its key is deleted or replaced. The leader's belief ends when its lease's deadline
 * passes ({@link EtcdSession}), when it yields or stops, when its lease is over, or when
 * {@code verify} finds its token stale. Attempts and watch follow-ups run on the
 * session's worker thread.
 *
 * @author leader-spring-boot-starter
 */
final class EtcdCampaign extends SessionCampaign<EtcdCampaign.Grant> {

	private static final Log logger = LogFactory.getLog(EtcdCampaign.class);

	private final EtcdLeaderCoordinator coordinator;

	/** Guarded by {@link #monitor}. */
	private boolean yielding;

	/** No attempt before this time (after a yield); guarded by {@link #monitor}. */
	private long quietUntilNanos;

	/** Guarded by {@link #monitor}. */
	private Watch.@Nullable Watcher watcher;

	/**
	 * Whether an attempt waits for a node with room to go first; on the worker thread
	 * only.
	 */
	private boolean deferred;

	EtcdCampaign(EtcdLeaderCoordinator coordinator, String group, LeadershipChanges changes) {
		super(group, changes);
		this.coordinator = coordinator;
	}

	@Override
	protected boolean isValid(Grant grant) {
		return this.coordinator.session().isValid(grant.leaseId());
	}

	/** Whether this node leads the group with a key on the given lease. */
	boolean leadsWith(long leaseId) {
		Grant current = leadership();
		return current != null && current.leaseId() == leaseId;
	}

	@Override
	protected void started() {
		this.coordinator.session().execute(this::attempt);
	}

	@Override
	protected void stopping() {
		closeWatcher();
	}

	/**
	 * Delete this node's key after a stop; on shutdown the coordinator revokes its lease
	 * afterwards. When etcd did not answer in time, the revocation of the lease (or its
	 * expiry) removes the key, without a request timeout per group.
	 */
	@Override
	protected void stopped(@Nullable Grant released, RevocationReason reason) {
		if (released != null && this.coordinator.session().isValid(released.leaseId())) {
			this.coordinator.history().released(group(), released.token().value(), LeadershipEnd.released(reason));
			release(released);
		}
	}

	/**
	 * Step down (revoked with {@link RevocationReason#YIELDED}), run the before-release
	 * hook, delete this node's key (followers watching it attempt at once), and attempt
	 * again only after the handover window.
	 */
	@Override
	public boolean yieldLeadership() {
		Grant released;
		synchronized (this.monitor) {
			released = leadership();
			if (released == null || this.yielding) {
				return false;
			}
			this.yielding = true;
			stepDown(RevocationReason.YIELDED);
		}
		try {
			changes().beforeRelease(group());
			changes().retractBelief(group());
			this.coordinator.history().released(group(), released.token().value(), LeadershipEnd.YIELDED);
			release(released);
		}
		finally {
			Duration window = this.coordinator.handoverWindow();
			synchronized (this.monitor) {
				this.yielding = false;
				this.quietUntilNanos = this.coordinator.session().deadline().now() + window.toNanos();
			}
			this.coordinator.session().schedule(this::attempt, window);
		}
		return true;
	}

	@Override
	public void refuted(FencingToken token, String reason) {
		Grant current = leadership();
		if (current != null && current.token().equals(token)) {
			lost(current, "verify found its token stale: " + reason);
		}
	}

	/**
	 * The session gave a lease up: step down if this node leads with a key on it.
	 */
	void leaseOver(long leaseId, RevocationReason reason, String why) {
		synchronized (this.monitor) {
			Grant current = leadership();
			if (current == null || current.leaseId() != leaseId) {
				return;
			}
			logger.warn(describe() + " stops leading group '" + group() + "' (token " + current.token().value() + "): "
					+ why + "; it campaigns again with a new lease");
			stepDown(reason);
		}
	}

	/**
	 * Step down when the deadline of this node's lease passed (called by the session's
	 * timer, whether or not etcd answers).
	 * @return the nanoseconds left until the deadline, or {@link Long#MAX_VALUE} when
	 * this node does not lead
	 */
	long checkDeadline() {
		synchronized (this.monitor) {
			Grant current = leadership();
			if (current == null) {
				return Long.MAX_VALUE;
			}
			EtcdSession session = this.coordinator.session();
			long remaining = session.deadline().remainingNanos(current.leaseId());
			if (remaining > 0 && current.leaseId() == session.leaseId()) {
				return remaining;
			}
			logger.warn(describe() + " stops leading group '" + group() + "' (token " + current.token().value()
					+ "): etcd answered none of its lease keep-alives in time; it campaigns again once etcd answers");
			stepDown(RevocationReason.STORE_UNREACHABLE);
			return Long.MAX_VALUE;
		}
	}

	/**
	 * Try to lead (on the session's worker thread): create the leader key, or watch the
	 * one that exists.
	 */
	void attempt() {
		long leaseId;
		synchronized (this.monitor) {
			if (!isActive() || leadership() != null || this.yielding) {
				return;
			}
			long quiet = this.quietUntilNanos - this.coordinator.session().deadline().now();
			if (quiet > 0) {
				this.coordinator.session().schedule(this::attempt, Duration.ofNanos(quiet));
				return;
			}
			leaseId = this.coordinator.session().leaseId();
			if (!this.coordinator.session().isValid(leaseId)) {
				// A new lease lets every campaign attempt.
				return;
			}
		}
		EtcdProtocol.Holder holder = new EtcdProtocol.Holder(this.coordinator.instanceId(),
				this.coordinator.session().ttlSeconds(), this.coordinator.clock().instant());
		EtcdProtocol.Attempt attempt;
		try {
			attempt = this.coordinator.protocol().create(group(), leaseId, holder);
		}
		catch (LeaderStoreException ex) {
			logger.debug(describe() + " could not attempt group '" + group() + "'; retrying: " + ex.getMessage());
			this.coordinator.session().schedule(this::attempt, this.coordinator.retryInterval());
			return;
		}
		if (attempt.created()) {
			// Recorded before this node leads with it, so that its release is never
			// recorded first; a failure is logged and costs nothing.
			this.coordinator.history().granted(group(), holder.instanceId(), attempt.revision(), holder.acquiredAt());
			granted(new Grant(new FencingToken(group(), attempt.revision(), holder.instanceId()), leaseId),
					attempt.revision());
			return;
		}
		KeyValue current = attempt.current();
		if (current != null) {
			String holderId = EtcdProtocol.Holder.decode(current.getValue()).instanceId();
			if (current.getLease() == leaseId && holderId.equals(this.coordinator.instanceId())) {
				// A key of this node nobody granted (a retried transaction): a new
				// leadership always makes a new key.
				release(new Grant(new FencingToken(group(), current.getCreateRevision(), holderId), leaseId));
				this.coordinator.session().execute(this::attempt);
				return;
			}
			changes().sawHolder(group(), holderId);
		}
		watch(attempt.revision() + 1);
	}

	private void granted(Grant grant, long revision) {
		boolean keep;
		synchronized (this.monitor) {
			keep = isActive() && leadership() == null && !this.yielding
					&& this.coordinator.session().isValid(grant.leaseId());
			if (keep) {
				granted(grant);
			}
		}
		if (!keep) {
			this.coordinator.history().released(group(), grant.token().value(), LeadershipEnd.SHUTDOWN);
			release(grant);
			return;
		}
		watch(revision + 1);
	}

	/**
	 * Watch the leader key from a revision on; events are handled on the worker thread.
	 */
	private void watch(long fromRevision) {
		synchronized (this.monitor) {
			closeWatcher();
			if (!isActive()) {
				return;
			}
			WatchOption option = WatchOption.builder().withRevision(fromRevision).build();
			this.watcher = this.coordinator.protocol()
				.client()
				.getWatchClient()
				.watch(this.coordinator.protocol().leaderKey(group()), option, Watch
					.listener((response) -> this.coordinator.session().execute(() -> watched(response)), (failure) -> {
						logger.debug("The watch of group '" + group() + "' failed: " + failure);
						this.coordinator.session().schedule(this::attempt, this.coordinator.retryInterval());
					}));
		}
	}

	private void watched(WatchResponse response) {
		for (WatchEvent event : response.getEvents()) {
			Grant current = leadership();
			if (event.getEventType() == WatchEvent.EventType.DELETE) {
				if (current != null) {
					lost(current, "its leader key was deleted (its lease expired in the cluster, "
							+ "or another client deleted it)");
				}
				else {
					long deferral = this.coordinator.placementDelayNanos(group());
					if (deferral > 0) {
						// At its share: a node with room goes first.
						this.deferred = true;
						this.coordinator.session().schedule(this::deferredAttempt, Duration.ofNanos(deferral));
						continue;
					}
				}
				attempt();
			}
			else if (event.getEventType() == WatchEvent.EventType.PUT && current != null
					&& event.getKeyValue().getCreateRevision() != current.token().value()) {
				lost(current, "its leader key was replaced by another client");
			}
		}
	}

	private void deferredAttempt() {
		if (this.deferred) {
			this.deferred = false;
			attempt();
		}
	}

	/**
	 * Whether an attempt waits for a node with room to go first (on the worker thread).
	 * @return whether it is deferred
	 */
	boolean isDeferred() {
		return this.deferred;
	}

	/**
	 * Run the deferred attempt now (on the worker thread): this node's room opened.
	 * @return whether this node leads the group after it
	 */
	boolean attemptDeferredNow() {
		deferredAttempt();
		return isLeader();
	}

	/** Step down with {@link RevocationReason#LEASE_LOST} and attempt again. */
	private void lost(Grant grant, String reason) {
		synchronized (this.monitor) {
			if (leadership() != grant) {
				return;
			}
			logger.warn(describe() + " stops leading group '" + group() + "' (token " + grant.token().value() + "): "
					+ reason + "; it campaigns again");
			stepDown(RevocationReason.LEASE_LOST);
		}
		this.coordinator.session().execute(this::attempt);
	}

	private void release(Grant grant) {
		try {
			this.coordinator.protocol().release(group(), grant.token().value());
		}
		catch (LeaderStoreException ex) {
			logger.warn(describe() + " could not delete its leader key of group '" + group()
					+ "'; it goes when its lease is revoked or expires: " + ex.getMessage());
		}
	}

	/** Guarded by {@link #monitor}. */
	private void closeWatcher() {
		Watch.Watcher current = this.watcher;
		this.watcher = null;
		if (current != null) {
			current.close();
		}
	}

	private String describe() {
		return "Node " + this.coordinator.nodeId() + " (instance " + this.coordinator.instanceId() + ")";
	}

	@Override
	public String toString() {
		return "EtcdCampaign[" + group() + " of " + this.coordinator.nodeId() + "]";
	}

	/**
	 * A leadership: the token (the leader key's create revision) and the lease the key is
	 * attached to.
	 *
	 * @param token the token
	 * @param leaseId the lease
	 */
	record Grant(FencingToken token, long leaseId) implements SessionCampaign.Grant {

	}

}
