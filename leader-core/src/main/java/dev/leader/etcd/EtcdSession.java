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
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.etcd.jetcd.Lease;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderStoreException;
import dev.leader.LeaseObserver;
import dev.leader.RevocationReason;
import dev.leader.engine.BeliefDeadline;

/**
 * This node's etcd lease for one run of the coordinator, and the coordinator's own
 * threads:
 * <ul>
 * <li>the <em>timer</em> sends a {@code LeaseKeepAlive} every renew interval (at most a
 * third of the granted TTL) without waiting for it, records the send time of each
 * answered one in the {@link BeliefDeadline} (epoch: the lease id; validity: ⅔ of the TTL
 * the cluster granted), reports each keep-alive as a renewal of every group led on the
 * lease ({@link LeaseObserver#renewed}), and steps every campaign down at the deadline,
 * whether etcd answers or not. It never waits for etcd;</li>
 * <li>the <em>worker</em> grants leases and runs the campaigns' transactions and watch
 * follow-ups, one at a time.</li>
 * </ul>
 * When the deadline of a lease passes, or etcd says the lease is gone, the lease is over
 * for this node: every campaign holding a key on it steps down, the lease is revoked
 * (best effort: its keys go with it) and a new lease is granted, so that a new leadership
 * always creates a new key with a greater create revision. jetcd's own streaming
 * keep-alive is not used: it schedules on the wall clock and does not tie an answer to
 * the request sent.
 *
 * @author leader-spring-boot-starter
 */
final class EtcdSession {

	private static final Log logger = LogFactory.getLog(EtcdSession.class);

	private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final Lease leases;

	private final EtcdProtocol protocol;

	private final BeliefDeadline deadline = new BeliefDeadline();

	private final long requestedTtlSeconds;

	private final Duration renewInterval;

	private final Duration retryInterval;

	private final Supplier<Collection<EtcdCampaign>> campaigns;

	private final String owner;

	private final LeaseObserver observer;

	private final ScheduledExecutorService timer;

	private final ScheduledExecutorService worker;

	/** The current lease, 0 while none. */
	private volatile long leaseId;

	/**
	 * A lease given up but not revoked yet (the cluster did not answer): revoked before
	 * the next grant, so that its keys go at once rather than after its TTL.
	 */
	private volatile long abandonedLeaseId;

	/** The TTL the cluster granted the current lease. */
	private volatile long ttlSeconds;

	private volatile boolean stopped;

	EtcdSession(EtcdProtocol protocol, long requestedTtlSeconds, Duration renewInterval, Duration retryInterval,
			Supplier<Collection<EtcdCampaign>> campaigns, LeaseObserver observer, String owner, String name) {
		this.protocol = protocol;
		this.leases = protocol.client().getLeaseClient();
		this.requestedTtlSeconds = requestedTtlSeconds;
		this.renewInterval = renewInterval;
		this.retryInterval = retryInterval;
		this.campaigns = campaigns;
		this.owner = owner;
		this.observer = observer;
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, name + "-timer"));
		this.worker = Executors.newSingleThreadScheduledExecutor((task) -> daemon(task, name + "-worker"));
	}

	/**
	 * How long after the send time of an answered request for a lease of the given TTL
	 * the node may go on believing the lease live: ⅔ of the TTL. etcd cannot expire the
	 * lease before the send time plus the TTL (it counts from its receipt of the
	 * request); the third left covers a difference in clock rates, the time a new Raft
	 * leader takes and the step-down itself.
	 * @param ttlSeconds the granted TTL
	 * @return the validity
	 */
	static Duration beliefValidity(long ttlSeconds) {
		return Duration.ofMillis(Math.max(0, ttlSeconds) * 2000 / 3);
	}

	void start() {
		execute(this::grant);
		schedule(this.timer, this::tick, 0);
	}

	boolean isStopped() {
		return this.stopped;
	}

	/**
	 * Stop the threads and revoke the lease, so that every key still on it goes at once.
	 */
	void stop() {
		this.stopped = true;
		this.timer.shutdownNow();
		this.worker.shutdownNow();
		long id = this.leaseId;
		this.leaseId = 0;
		if (id != 0) {
			this.deadline.end(id);
			try {
				this.protocol.await(this.leases.revoke(id), "revoke lease " + Long.toHexString(id));
			}
			catch (LeaderStoreException ex) {
				logger.debug(this.owner + " could not revoke its etcd lease; it expires after its TTL: " + ex);
			}
		}
	}

	/** The current lease, 0 while none. */
	long leaseId() {
		return this.leaseId;
	}

	long ttlSeconds() {
		return this.ttlSeconds;
	}

	/** Whether a lease is the current one and its deadline has not passed. */
	boolean isValid(long id) {
		return id != 0 && id == this.leaseId && this.deadline.isValid(id);
	}

	BeliefDeadline deadline() {
		return this.deadline;
	}

	/**
	 * Run store work on the worker thread.
	 * @param task the work
	 */
	void execute(Runnable task) {
		schedule(this.worker, task, 0);
	}

	/**
	 * Run store work on the worker thread after a delay.
	 * @param task the work
	 * @param delay the delay
	 */
	void schedule(Runnable task, Duration delay) {
		schedule(this.worker, task, delay.toNanos());
	}

	/**
	 * Revoke the lease given up last, if any, then grant a new one (worker thread) and
	 * let every campaign attempt.
	 */
	private void grant() {
		if (this.stopped || this.leaseId != 0) {
			return;
		}
		try {
			revokeAbandoned();
			long sent = this.deadline.now();
			LeaseGrantResponse granted = this.protocol.await(this.leases.grant(this.requestedTtlSeconds),
					"grant a lease");
			this.ttlSeconds = granted.getTTL();
			this.deadline.answered(granted.getID(), sent, beliefValidity(granted.getTTL()));
			this.leaseId = granted.getID();
			logger.debug(this.owner + " was granted etcd lease " + Long.toHexString(granted.getID()) + " (TTL "
					+ granted.getTTL() + " s)");
		}
		catch (LeaderStoreException ex) {
			logger.debug(this.owner + " could not be granted an etcd lease; retrying: " + ex);
			schedule(this::grant, this.retryInterval);
			return;
		}
		this.campaigns.get().forEach(EtcdCampaign::attempt);
	}

	private void revokeAbandoned() {
		long abandoned = this.abandonedLeaseId;
		if (abandoned == 0) {
			return;
		}
		try {
			this.protocol.await(this.leases.revoke(abandoned), "revoke lease " + Long.toHexString(abandoned));
		}
		catch (LeaderStoreException ex) {
			if (!isLeaseNotFound(ex.getCause())) {
				throw ex;
			}
		}
		this.abandonedLeaseId = 0;
	}

	private static boolean isLeaseNotFound(@Nullable Throwable failure) {
		return failure != null && String.valueOf(failure.getMessage()).contains("requested lease not found");
	}

	private void tick() {
		long interval = Math.max(MIN_TICK_NANOS,
				Math.min(this.renewInterval.toNanos(), TimeUnit.SECONDS.toNanos(Math.max(1, this.ttlSeconds)) / 3));
		long next = interval;
		try {
			long id = this.leaseId;
			if (id != 0) {
				long remaining = this.deadline.remainingNanos(id);
				if (remaining <= 0) {
					leaseOver(id, RevocationReason.STORE_UNREACHABLE,
							"etcd answered none of its lease keep-alives sent in the last "
									+ this.deadline.millisSinceLastAnsweredSend(id) + " ms, ⅔ of the lease's "
									+ this.ttlSeconds + " s TTL, after which the cluster may expire the lease");
				}
				else {
					keepAlive(id);
					next = Math.min(next, Math.max(0, remaining));
				}
			}
			for (EtcdCampaign campaign : this.campaigns.get()) {
				next = Math.min(next, campaign.checkDeadline());
			}
		}
		catch (RuntimeException ex) {
			logger.error("The etcd lease timer of " + this.owner + " failed; it goes on", ex);
		}
		finally {
			schedule(this.timer, this::tick, Math.max(MIN_TICK_NANOS, Math.min(next, interval)));
		}
	}

	private void keepAlive(long id) {
		long sent = this.deadline.now();
		this.leases.keepAliveOnce(id)
			.orTimeout(this.protocol.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((answer, failure) -> kept(id, sent, answer, failure));
	}

	private void kept(long id, long sent, @Nullable LeaseKeepAliveResponse answer, @Nullable Throwable failure) {
		Duration took = Duration.ofNanos(this.deadline.now() - sent);
		boolean renewed = answer != null && answer.getTTL() > 0;
		for (EtcdCampaign campaign : this.campaigns.get()) {
			if (campaign.leadsWith(id)) {
				this.observer.renewed(campaign.group(), took, renewed);
			}
		}
		if (answer != null) {
			if (answer.getTTL() > 0) {
				this.deadline.answered(id, sent, beliefValidity(answer.getTTL()));
			}
			else {
				leaseOver(id, RevocationReason.LEASE_LOST, "etcd says its lease expired");
			}
		}
		else if (isLeaseNotFound(failure)) {
			leaseOver(id, RevocationReason.LEASE_LOST, "etcd says its lease expired");
		}
		else if (failure != null) {
			logger.debug(this.owner + " got no answer to a lease keep-alive: " + failure);
		}
	}

	/**
	 * The lease is over for this node: end its deadline, step down every campaign on it,
	 * revoke it (best effort) and grant a new one.
	 */
	private void leaseOver(long id, RevocationReason reason, String why) {
		synchronized (this) {
			if (this.leaseId != id || id == 0) {
				return;
			}
			this.deadline.end(id);
			this.leaseId = 0;
		}
		logger.debug(this.owner + " gives etcd lease " + Long.toHexString(id) + " up: " + why);
		for (EtcdCampaign campaign : this.campaigns.get()) {
			campaign.leaseOver(id, reason, why);
		}
		if (!this.stopped) {
			// Revoked before the next grant; the cluster expires it anyway.
			this.abandonedLeaseId = id;
			execute(this::grant);
		}
	}

	private static void schedule(ScheduledExecutorService executor, Runnable task, long delayNanos) {
		try {
			executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Stopped.
		}
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
