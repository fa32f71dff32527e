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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipHistory;
import dev.leader.Lease;
import dev.leader.engine.BeliefBoard;
import dev.leader.engine.CoordinatorBuilder;
import dev.leader.engine.CoordinatorEngine;
import dev.leader.engine.CoordinatorOptions;
import dev.leader.lease.LeaseTimings;

/**
 * A {@link LeaderCoordinator} over etcd. Each node has one etcd lease per run, kept alive
 * by the coordinator's own timer; each group has a leader key created only if absent and
 * attached to that lease:
 *
 * <pre>
 * &lt;namespace&gt;/&lt;group&gt;/leader    on the holder's lease: instance id, lease TTL, acquired-at (holder's clock)
 * &lt;namespace&gt;/&lt;group&gt;/granted   no lease: rewritten with every leader key, its mod revision is the latest token
 * </pre>
 *
 * The fencing token is the leader key's create revision: cluster-wide, strictly
 * increasing, kept across restarts of every node and of the cluster. {@code verify} is
 * one linearizable read. Expiry is judged by the cluster (the lease's TTL); the node
 * believes it leads only until ⅔ of the granted TTL after the send time of the last
 * keep-alive the cluster answered, and steps down then by itself, even when no etcd
 * member answers. Yield deletes only the group's key (in a transaction on its create
 * revision); stop deletes the keys and revokes the lease. Followers watch the leader key
 * and attempt as soon as it is deleted.
 * <p>
 * etcd 3.4 without lease checkpointing ({@code --experimental-enable-lease-checkpoint})
 * gives every lease its full TTL again when the Raft leader changes: a crashed leader's
 * key may then outlive its TTL (up to about twice the TTL plus an election), which delays
 * a failover but never shortens a lease.
 * <p>
 * Use {@link #builder(Client)}, then {@link #start()}. The {@link Client} belongs to the
 * caller: the coordinator never closes it.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class EtcdLeaderCoordinator extends CoordinatorEngine<EtcdCampaign> {

	/** The key prefix when none is set. */
	public static final String DEFAULT_NAMESPACE = "/leader";

	/** What {@link #store()} answers. */
	public static final String STORE = "etcd";

	/** The request timeout when none is set. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(EtcdLeaderCoordinator.class);

	private final String namespace;

	private final LeaseTimings timings;

	private final Clock clock;

	private final EtcdProtocol protocol;

	private final EtcdHistory history;

	private volatile EtcdSession session;

	private EtcdLeaderCoordinator(Builder builder, CoordinatorOptions options) {
		super(options);
		this.namespace = builder.namespace;
		this.timings = new LeaseTimings(builder.leaseDuration, builder.renewInterval, builder.retryInterval);
		this.clock = options.clock();
		this.protocol = new EtcdProtocol(builder.client, this.namespace, builder.requestTimeout);
		this.history = new EtcdHistory(this.protocol, this.clock, historyRetention());
		this.session = newSession();
		joinGroups(options);
	}

	/**
	 * Start building a coordinator over a jetcd client.
	 * @param client the client; never closed by the coordinator
	 * @return the builder
	 */
	public static Builder builder(Client client) {
		return new Builder(client);
	}

	private EtcdSession newSession() {
		long ttl = Math.max(1, (this.timings.leaseDuration().toMillis() + 999) / 1000);
		return new EtcdSession(this.protocol, ttl, this.timings.renewInterval(), this.timings.retryInterval(),
				this::campaigns, observer(), "Node " + nodeId(), runName() + "-etcd");
	}

	@Override
	protected EtcdCampaign newCampaign(String group) {
		return new EtcdCampaign(this, group, changes());
	}

	/**
	 * Grant this run's etcd lease (on the session's worker) and start its timer.
	 */
	@Override
	protected void startRun() {
		if (this.session.isStopped()) {
			this.session = newSession();
		}
		this.session.start();
		logger.info("Node " + nodeId() + " (instance " + instanceId() + ") campaigning on etcd under " + this.namespace
				+ " for groups " + groups());
	}

	/**
	 * Stop the session's threads and revoke its lease (the campaigns deleted their keys
	 * already; the revocation removes any key left).
	 */
	@Override
	protected void stopRun(boolean wasRunning) {
		this.session.stop();
	}

	/**
	 * Keeps each instance's beliefs under {@code <namespace>/.members/}, on its etcd
	 * lease.
	 */
	@Override
	protected Optional<BeliefBoard> beliefBoard() {
		return Optional.of(new EtcdBeliefBoard(this.protocol, this.namespace, () -> {
			EtcdSession current = this.session;
			long id = current.leaseId();
			return current.isValid(id) ? id : 0;
		}));
	}

	/**
	 * As often as the session's keep-alives, or its retries when shorter.
	 */
	@Override
	protected Duration beliefInterval() {
		return this.timings.roundInterval();
	}

	@Override
	protected Duration eventDrainTimeout() {
		return this.protocol.requestTimeout();
	}

	/**
	 * The store: {@value #STORE}.
	 * @return {@value #STORE}
	 */
	@Override
	public String store() {
		return STORE;
	}

	/**
	 * The key prefix under which the groups live.
	 * @return the namespace
	 */
	public String namespace() {
		return this.namespace;
	}

	/**
	 * The group's lease as etcd sees it, in one linearizable round trip. etcd has no
	 * clock to read: {@code storeTime} is this node's clock when the answer arrived
	 * (never before {@code acquiredAt}); {@code acquiredAt} is the holder's clock when it
	 * created the key; while held, {@code renewedAt} is {@code storeTime} and
	 * {@code expiresAt} is {@code storeTime} plus the holder's lease TTL, the latest the
	 * lease could end if the holder fell silent now. After a release or expiry, the token
	 * is the latest one granted and the holder is {@code null}.
	 * @param group the group name
	 * @return the lease, or empty when the group was never granted
	 * @throws LeaderStoreException when etcd cannot answer
	 */
	@Override
	public Optional<Lease> lease(String group) {
		Identifiers.requireValidGroup(group);
		EtcdProtocol.Snapshot snapshot = this.protocol.snapshot(group);
		Instant now = this.clock.instant();
		KeyValue leader = snapshot.leader();
		if (leader != null) {
			EtcdProtocol.Holder holder = EtcdProtocol.Holder.decode(leader.getValue());
			Instant storeTime = now.isBefore(holder.acquiredAt()) ? holder.acquiredAt() : now;
			return Optional.of(new Lease(group, holder.instanceId(), leader.getCreateRevision(), holder.acquiredAt(),
					storeTime, storeTime.plusSeconds(Math.max(1, holder.ttlSeconds())), storeTime));
		}
		KeyValue granted = snapshot.granted();
		if (granted == null) {
			return Optional.empty();
		}
		return Optional.of(new Lease(group, null, granted.getModRevision(), null, null, null, now));
	}

	/**
	 * Check that the token is the group's current one, in one linearizable read of the
	 * leader key: it must exist, have the token as its create revision and name the
	 * token's holder. (The engine checks a token of this node locally first.)
	 * @param token the token to check
	 * @throws FencingException when the token is stale
	 * @throws LeaderStoreException when etcd cannot answer in time
	 */
	@Override
	protected void verifyInStore(FencingToken token) {
		KeyValue current = this.protocol.read(token.group());
		if (current == null) {
			throw new FencingException(token, "no node leads group '" + token.group()
					+ "' now (its leader key was released, or its holder's lease expired)");
		}
		if (current.getCreateRevision() != token.value()) {
			throw new FencingException(token, "the group's current token is " + current.getCreateRevision());
		}
		String holder = EtcdProtocol.Holder.decode(current.getValue()).instanceId();
		if (!token.holder().equals(holder)) {
			throw new FencingException(token, "the group's current token is held by " + holder);
		}
	}

	EtcdProtocol protocol() {
		return this.protocol;
	}

	EtcdHistory history() {
		return this.history;
	}

	/**
	 * The bounded history of each group in its key {@code history}, readable on every
	 * node (see {@link EtcdHistory}: times on the writing node's clock).
	 */
	@Override
	public Optional<LeadershipHistory> leadershipHistory() {
		return Optional.of(this.history);
	}

	EtcdSession session() {
		return this.session;
	}

	Clock clock() {
		return this.clock;
	}

	Duration retryInterval() {
		return this.timings.retryInterval();
	}

	/**
	 * The placement's delay before acquiring a free group, for the campaigns.
	 */
	long placementDelayNanos(String group) {
		return acquisitionDelayNanos(group);
	}

	/**
	 * Attempts deferred to a node with room run now where the placement no longer asks
	 * them to wait, judged by the load before the first of them (the others' loads are as
	 * old) and no more than this node's room, counted by the groups it won: as a JDBC
	 * round, so that after a crash each survivor takes its part of the groups at once.
	 */
	@Override
	protected void placementRoomOpened() {
		EtcdSession current = this.session;
		if (current != null) {
			current.execute(this::attemptDeferred);
		}
	}

	private void attemptDeferred() {
		long load = currentPlacementLoad();
		long room = placementRoom();
		for (EtcdCampaign campaign : campaigns()) {
			int weight = placementWeight(campaign.group());
			if (campaign.isDeferred() && room >= weight && acquisitionDelayNanos(campaign.group(), load) <= 0
					&& campaign.attemptDeferredNow() && room != Long.MAX_VALUE) {
				room -= weight;
			}
		}
	}

	/**
	 * How long a node that yielded waits before it attempts again: followers attempt as
	 * soon as their watch reports the deletion, well within three retry intervals.
	 */
	Duration handoverWindow() {
		return this.timings.retryInterval().multipliedBy(3);
	}

	@Override
	public String toString() {
		return "EtcdLeaderCoordinator[" + nodeId() + " on etcd under " + this.namespace + "]";
	}

	/**
	 * Builds an {@link EtcdLeaderCoordinator}.
	 */
	public static final class Builder extends CoordinatorBuilder<Builder> {

		private final Client client;

		private String namespace = DEFAULT_NAMESPACE;

		private Duration leaseDuration = LeaseTimings.DEFAULT_LEASE_DURATION;

		private Duration renewInterval = LeaseTimings.DEFAULT_RENEW_INTERVAL;

		private Duration retryInterval = LeaseTimings.DEFAULT_RETRY_INTERVAL;

		private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

		private Builder(Client client) {
			if (client == null) {
				throw new LeaderConfigurationException("An etcd Client is required");
			}
			this.client = client;
		}

		/**
		 * The key prefix under which the groups' keys live (default
		 * {@value EtcdLeaderCoordinator#DEFAULT_NAMESPACE}).
		 * @param namespace a prefix starting with {@code /}, such as {@code /leader} or
		 * {@code /apps/billing/leader}
		 * @return this builder
		 * @throws LeaderConfigurationException when it is not a valid prefix
		 */
		public Builder namespace(String namespace) {
			this.namespace = requireValidNamespace(namespace);
			return this;
		}

		/**
		 * The TTL requested for this node's etcd lease (default 10 s), rounded up to
		 * whole seconds; etcd may grant more (its minimum is 1.5 election timeouts). A
		 * crashed leader's groups are taken over after the granted TTL.
		 * @param leaseDuration the TTL
		 * @return this builder
		 */
		public Builder leaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
			return this;
		}

		/**
		 * How often the lease is kept alive (default 3 s; at most half the lease
		 * duration, and never less often than a third of the granted TTL).
		 * @param renewInterval the interval
		 * @return this builder
		 */
		public Builder renewInterval(Duration renewInterval) {
			this.renewInterval = renewInterval;
			return this;
		}

		/**
		 * How long a node waits before it tries again after etcd failed to answer
		 * (default 1 s); a yielding node waits three times as long before it campaigns
		 * again.
		 * @param retryInterval the back-off
		 * @return this builder
		 */
		public Builder retryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
			return this;
		}

		/**
		 * Set the lease duration, renew interval and retry interval at once.
		 * @param timings the timings
		 * @return this builder
		 */
		public Builder timings(LeaseTimings timings) {
			this.leaseDuration = timings.leaseDuration();
			this.renewInterval = timings.renewInterval();
			this.retryInterval = timings.retryInterval();
			return this;
		}

		/**
		 * How long a request to etcd (a transaction, a read, a lease grant) may take
		 * before it counts as failed (default 5 s).
		 * @param requestTimeout the timeout
		 * @return this builder
		 */
		public Builder requestTimeout(Duration requestTimeout) {
			if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
				throw new LeaderConfigurationException("request-timeout must be positive, was " + requestTimeout);
			}
			this.requestTimeout = requestTimeout;
			return this;
		}

		/**
		 * Build the coordinator; call {@link EtcdLeaderCoordinator#start()} to campaign.
		 * @return the coordinator
		 * @throws LeaderConfigurationException when the timings are out of order
		 */
		@Override
		public EtcdLeaderCoordinator build() {
			return new EtcdLeaderCoordinator(this, options());
		}

		static String requireValidNamespace(String namespace) {
			if (namespace == null || !namespace.startsWith("/") || !namespace.matches("/[A-Za-z0-9._/-]*")
					|| namespace.contains("//")) {
				throw new LeaderConfigurationException("etcd namespace '" + namespace
						+ "' must start with '/' and contain only letters, digits, '.', '_', '-' and single '/', "
						+ "such as '/leader'");
			}
			return (namespace.length() > 1 && namespace.endsWith("/")) ? namespace.substring(0, namespace.length() - 1)
					: namespace;
		}

	}

}
