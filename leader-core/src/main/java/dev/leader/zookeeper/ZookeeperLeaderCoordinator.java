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

package dev.leader.zookeeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.data.Stat;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipHistory;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.engine.BeliefBoard;
import dev.leader.engine.BeliefDeadline;
import dev.leader.engine.CoordinatorBuilder;
import dev.leader.engine.CoordinatorEngine;
import dev.leader.engine.CoordinatorOptions;

/**
 * A {@link LeaderCoordinator} over ZooKeeper. Each group has its own election, run by
 * Spring Integration's ZooKeeper {@code LeaderInitiator} (a Curator
 * {@code LeaderSelector}, a fair queue of ephemeral sequential znodes, underneath), and a
 * persistent token node:
 *
 * <pre>
 * &lt;root&gt;/&lt;group&gt;/election/_c_&lt;uuid&gt;-lock-&lt;sequence&gt;   ephemeral sequential, one per campaigning node, data = instance id
 * &lt;root&gt;/&lt;group&gt;/token                                persistent: token value, holder (node id and instance id), its election node, its session timeout
 * </pre>
 *
 * When the election grants leadership, the coordinator advances the token node by one
 * with a single conditional multi-operation: it succeeds only if the token node was not
 * changed since it was read (version check) and this node's election znode still exists.
 * Only then does this node lead. Leadership ends
 * ({@link RevocationReason#STORE_UNREACHABLE}) when the connection is {@code SUSPENDED}
 * or {@code LOST}, and, independently of ZooKeeper's event thread, when the ensemble
 * answered none of the requests this node sent in the last ⅔ of the negotiated session
 * timeout (measured on the monotonic clock from the send time of the last answered
 * request; the coordinator's own timer sends a cheap request every tenth of the session
 * timeout while it leads). It ends ({@link RevocationReason#LEASE_LOST}, with the reason
 * logged) when this node's election znode or the group's token znode is deleted, or the
 * token znode is changed by another client. The node campaigns again afterwards.
 * <p>
 * Every coordinator has an {@link #instanceId() instance id} (its node id, {@code #} and
 * a nonce drawn when it is built): it is the holder of its tokens, so two processes
 * configured with one node id are told apart by {@code verify}, and a warning names both
 * when one sees the other in an election.
 * <p>
 * Use {@link #builder(CuratorFramework)}, then {@link #start()}; {@link #stop()} steps
 * down from every group and leaves the elections, so that the next nodes in line take
 * over at once. The {@link CuratorFramework} belongs to the caller: it is started by
 * {@link #start()} when it was not, but never closed.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class ZookeeperLeaderCoordinator extends CoordinatorEngine<ZookeeperElection> {

	/** The root path when none is set. */
	public static final String DEFAULT_ROOT = "/leader";

	/** What {@link #store()} answers. */
	public static final String STORE = "zookeeper";

	static final String ELECTION = ZookeeperProtocol.ELECTION;

	static final String TOKEN = ZookeeperProtocol.TOKEN;

	/** The prefix Curator's {@code InterProcessMutex} gives its sequential znodes. */
	private static final Log logger = LogFactory.getLog(ZookeeperLeaderCoordinator.class);

	private final CuratorFramework client;

	private final String root;

	private final Duration retryInterval;

	private final Clock clock;

	private final ZookeeperProtocol protocol;

	private final ZookeeperHistory history;

	/** Advanced whenever the connection is suspended or lost. */
	private final AtomicLong connectionLosses = new AtomicLong();

	private final ConnectionStateListener connectionListener = this::connectionStateChanged;

	private final BeliefDeadline deadline = new BeliefDeadline();

	/**
	 * The weight of the groups being granted to this node right now (election threads).
	 */
	private final AtomicLong granting = new AtomicLong();

	/** Notified when this node's room opened; guards {@link #roomOpenings}. */
	private final Object roomOpened = new Object();

	private long roomOpenings;

	private volatile SessionWatchdog watchdog;

	private ZookeeperLeaderCoordinator(Builder builder, CoordinatorOptions options) {
		super(options);
		this.client = builder.client;
		this.root = builder.root;
		this.retryInterval = builder.retryInterval;
		this.clock = options.clock();
		this.protocol = new ZookeeperProtocol(this.client, this.root, this);
		this.history = new ZookeeperHistory(this.protocol, historyRetention());
		this.watchdog = newWatchdog();
		joinGroups(options);
	}

	/**
	 * The watchdog of a run of the coordinator.
	 */
	private SessionWatchdog newWatchdog() {
		return new SessionWatchdog(this.client, ZKPaths.fixForNamespace(this.client.getNamespace(), this.root),
				this.deadline, this::campaigns, runName() + "-zk");
	}

	/**
	 * Start building a coordinator over a Curator client.
	 * @param client the client; started by {@link #start()} when it was not, never closed
	 * by the coordinator
	 * @return the builder
	 */
	public static Builder builder(CuratorFramework client) {
		return new Builder(client);
	}

	@Override
	protected ZookeeperElection newCampaign(String group) {
		return new ZookeeperElection(this, group, changes());
	}

	/**
	 * Start the Curator client if it was not, and watch the connection and the session.
	 * @throws IllegalStateException when the Curator client was closed
	 */
	@Override
	protected void startRun() {
		if (this.client.getState() == CuratorFrameworkState.STOPPED) {
			throw new IllegalStateException("The CuratorFramework of node " + nodeId() + " is closed");
		}
		if (this.client.getState() == CuratorFrameworkState.LATENT) {
			this.client.start();
		}
		if (this.watchdog.isStopped()) {
			this.watchdog = newWatchdog();
		}
		this.client.getConnectionStateListenable().addListener(this.connectionListener);
		this.watchdog.start();
		logger.info("Node " + nodeId() + " (instance " + instanceId() + ") campaigning on ZooKeeper under " + this.root
				+ " for groups " + groups());
	}

	/**
	 * Stop listening to the connection, so that a reconnection does not restart the
	 * elections while they stop.
	 */
	@Override
	protected void beforeCampaignsStop(boolean wasRunning) {
		if (wasRunning) {
			this.client.getConnectionStateListenable().removeListener(this.connectionListener);
		}
	}

	/**
	 * Stop the session watchdog; the Curator client stays open. The elections were left
	 * as they stopped: each deleted its election znode so that the next node in line
	 * takes over at once.
	 */
	@Override
	protected void stopRun(boolean wasRunning) {
		this.watchdog.stop();
	}

	/**
	 * Keeps each instance's beliefs in an ephemeral znode under {@code <root>/.members}.
	 */
	@Override
	protected Optional<BeliefBoard> beliefBoard() {
		return Optional.of(new ZookeeperBeliefBoard(this.client, this.protocol, this.root));
	}

	/**
	 * As often as the followers retry.
	 */
	@Override
	protected Duration beliefInterval() {
		return this.retryInterval;
	}

	@Override
	protected Duration eventDrainTimeout() {
		return Duration.ofMillis(this.protocol.connectionTimeoutMillis());
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
	 * The ZooKeeper path under which the groups live.
	 * @return the root path
	 */
	public String root() {
		return this.root;
	}

	/**
	 * The Curator client this coordinator campaigns with.
	 * @return the client
	 */
	public CuratorFramework client() {
		return this.client;
	}

	/**
	 * The group's lease as ZooKeeper sees it (one round trip, after a {@code sync}).
	 * ZooKeeper has no lease expiry of its own: the holder is the instance id of the
	 * latest grant (its node id when an earlier version made it) while its election znode
	 * exists (its session is live and it did not leave the election), {@code null}
	 * otherwise. {@code acquiredAt} is the token node's modification time (the grant, on
	 * the ensemble's clock); ZooKeeper has no clock to read, so {@code storeTime} is this
	 * node's clock when the answer arrived (never before {@code acquiredAt}); while held,
	 * {@code renewedAt} is that time too (the session was live) and {@code expiresAt} is
	 * {@code storeTime} plus the holder's negotiated session timeout: the latest the
	 * lease could end if the holder fell silent now. A client that is not connected yet
	 * (or any more) is waited for up to its connection timeout.
	 * @param group the group name
	 * @return the lease, or empty when the group was never granted
	 * @throws LeaderStoreException when ZooKeeper cannot answer
	 */
	@Override
	public Optional<Lease> lease(String group) {
		Identifiers.requireValidGroup(group);
		this.protocol.awaitConnection();
		ZookeeperProtocol.Snapshot snapshot = this.protocol.read(group);
		TokenNode token = snapshot.token();
		Stat stat = snapshot.stat();
		if (token == null || stat == null || token.value() == 0) {
			return Optional.empty();
		}
		Instant acquiredAt = Instant.ofEpochMilli(stat.getMtime());
		Instant now = this.clock.instant();
		Instant storeTime = now.isBefore(acquiredAt) ? acquiredAt : now;
		if (snapshot.isHeld()) {
			return Optional.of(new Lease(group, token.holderInstance(), token.value(), acquiredAt, storeTime,
					storeTime.plusMillis(Math.max(1, token.sessionTimeoutMillis())), storeTime));
		}
		return Optional.of(new Lease(group, null, token.value(), acquiredAt, null, null, storeTime));
	}

	/**
	 * Check that the token is the group's current one, in one round trip: a {@code sync}
	 * (so that the connected server has caught up with the ensemble's leader) pipelined
	 * with reads of the token node and of the election's znodes. The token is current
	 * when the token node holds its value and holder and the holder's election znode
	 * still exists.
	 * <p>
	 * (The engine checks a token of this node locally first: once this node stepped down
	 * (after a yield, or because its connection was suspended or lost) the check fails
	 * with a {@link FencingException} without a round trip. Any other token needs the
	 * round trip, so a node that is not connected to ZooKeeper throws a
	 * {@link LeaderStoreException}: it can neither confirm nor refute the token. When the
	 * round trip refutes a token with which this node still leads (its election or token
	 * znode was deleted, and the watch has not told it yet), this node steps down.
	 * @param token the token to check
	 * @throws FencingException when the token is stale
	 * @throws LeaderStoreException when this node is not connected or ZooKeeper cannot
	 * answer in time
	 */
	@Override
	protected void verifyInStore(FencingToken token) {
		checkCurrent(token);
	}

	private void checkCurrent(FencingToken token) {
		ZookeeperProtocol.Snapshot snapshot = this.protocol.read(token.group());
		TokenNode current = snapshot.token();
		if (current == null || current.value() == 0) {
			throw new FencingException(token, "group '" + token.group() + "' was never granted");
		}
		if (current.value() != token.value()) {
			throw new FencingException(token, "the group's current token is " + current.value());
		}
		if (!token.holder().equals(current.holderInstance())) {
			throw new FencingException(token, "the group's current token is held by " + current.holderInstance());
		}
		if (!snapshot.isHeld()) {
			throw new FencingException(token,
					"its holder left the election (released, or its ZooKeeper session ended)");
		}
	}

	/**
	 * How many times the connection was suspended or lost so far: a grant that saw this
	 * change while it was made is not trusted.
	 */
	long connectionLosses() {
		return this.connectionLosses.get();
	}

	CuratorFramework curator() {
		return this.client;
	}

	BeliefDeadline deadline() {
		return this.deadline;
	}

	SessionWatchdog watchdog() {
		return this.watchdog;
	}

	/**
	 * Advance the group's token for this node, which the election just granted the group
	 * (see {@link ZookeeperProtocol#advanceToken}), and feed the deadline and the
	 * watchdog with the session it was granted in.
	 */
	ZookeeperElection.Grant advanceToken(String group) throws Exception {
		ZookeeperElection.Grant grant = this.protocol.advanceToken(group, this.deadline);
		this.watchdog.sessionTimeout(grant.sessionTimeoutMillis());
		return grant;
	}

	ZookeeperProtocol protocol() {
		return this.protocol;
	}

	/**
	 * How long this node lets the nodes behind it in a group's election go first when the
	 * election grants it the group, by the placement policy: 0 for a node with room, the
	 * backup delay for one at its share (see {@link StepAside}).
	 * @param group the group
	 * @return the delay in nanoseconds
	 */
	long placementDelayNanos(String group) {
		return acquisitionDelayNanos(group);
	}

	/**
	 * How many times this node's room opened (see {@link #placementRoomOpened()}): read
	 * before a step aside, so that an opening during it is not missed.
	 * @return the count
	 */
	long roomOpenings() {
		synchronized (this.roomOpened) {
			return this.roomOpenings;
		}
	}

	/**
	 * Wait outside an election after stepping aside: for the delay, or until this node's
	 * room opened after {@code seen} (a node left, or the others' loads grew past this
	 * node's), when its groups need not wait for a node with room any more.
	 * @param seen {@link #roomOpenings()} before the step aside
	 * @param nanos the delay
	 * @throws InterruptedException when interrupted
	 */
	void awaitStepAside(long seen, long nanos) throws InterruptedException {
		long deadline = System.nanoTime() + nanos;
		synchronized (this.roomOpened) {
			while (this.roomOpenings == seen) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return;
				}
				TimeUnit.NANOSECONDS.timedWait(this.roomOpened, left);
			}
		}
	}

	@Override
	protected void placementRoomOpened() {
		synchronized (this.roomOpened) {
			this.roomOpenings++;
			this.roomOpened.notifyAll();
		}
	}

	/**
	 * How long a node without room for a group lets the others go first.
	 * @return the backup delay in nanoseconds
	 */
	long backupNanos() {
		return placementBackupNanos();
	}

	/**
	 * Count a group the election grants this node against its room until
	 * {@link #releaseRoom(String)}, and tell whether it fits: the elections of a node run
	 * on threads of their own, so groups freed together (a crashed node's) are granted
	 * together, before any of them shows in this node's load.
	 * @param group the group
	 * @return whether the group fits this node's room, less the groups granted to it at
	 * the same time (always when balancing is off or the live nodes are not known yet)
	 */
	boolean reserveRoom(String group) {
		int weight = placementWeight(group);
		long others = this.granting.addAndGet(weight) - weight;
		long room = placementRoom();
		return room == Long.MAX_VALUE || room - others >= weight;
	}

	/**
	 * A group counted by {@link #reserveRoom(String)} was taken (it shows in this node's
	 * load now) or given up.
	 * @param group the group
	 */
	void releaseRoom(String group) {
		this.granting.addAndGet(-placementWeight(group));
	}

	ZookeeperHistory history() {
		return this.history;
	}

	/**
	 * The bounded history of each group in its znode {@code history}, readable on every
	 * node (see {@link ZookeeperHistory}).
	 */
	@Override
	public Optional<LeadershipHistory> leadershipHistory() {
		return Optional.of(this.history);
	}

	Duration retryInterval() {
		return this.retryInterval;
	}

	private void connectionStateChanged(CuratorFramework client, ConnectionState state) {
		if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
			this.connectionLosses.incrementAndGet();
			boolean electionCancels = client.getConnectionStateErrorPolicy().isErrorState(state);
			campaigns().forEach((election) -> election.connectionLost(!electionCancels));
			logger.warn("Node " + nodeId() + " lost its ZooKeeper connection (" + state
					+ "); it leads no group until it is back");
		}
		else if (state == ConnectionState.RECONNECTED) {
			logger.info("Node " + nodeId() + " reconnected to ZooKeeper; campaigning again");
		}
	}

	@Override
	public String toString() {
		return "ZookeeperLeaderCoordinator[" + nodeId() + " on ZooKeeper under " + this.root + "]";
	}

	/**
	 * Builds a {@link ZookeeperLeaderCoordinator}.
	 */
	public static final class Builder extends CoordinatorBuilder<Builder> {

		private final CuratorFramework client;

		private String root = DEFAULT_ROOT;

		private Duration retryInterval = Duration.ofSeconds(1);

		private Builder(CuratorFramework client) {
			if (client == null) {
				throw new LeaderConfigurationException("A CuratorFramework is required");
			}
			this.client = client;
		}

		/**
		 * The ZooKeeper path under which the groups' election and token nodes live
		 * (default {@value ZookeeperLeaderCoordinator#DEFAULT_ROOT}). Relative to the
		 * client's namespace, if it has one.
		 * @param root an absolute ZooKeeper path, such as {@code /leader} or
		 * {@code /apps/billing/leader}
		 * @return this builder
		 * @throws LeaderConfigurationException when it is not a valid absolute path
		 */
		public Builder root(String root) {
			this.root = requireValidRoot(root);
			return this;
		}

		/**
		 * How long a node waits after a grant it could not complete (the token could not
		 * be advanced) before it gives the election up and queues again (default 1 s).
		 * @param retryInterval the back-off
		 * @return this builder
		 */
		public Builder retryInterval(Duration retryInterval) {
			if (retryInterval == null || retryInterval.isNegative() || retryInterval.isZero()) {
				throw new LeaderConfigurationException("retry-interval must be positive, was " + retryInterval);
			}
			this.retryInterval = retryInterval;
			return this;
		}

		/**
		 * Build the coordinator; call {@link ZookeeperLeaderCoordinator#start()} to
		 * campaign.
		 * @return the coordinator
		 */
		@Override
		public ZookeeperLeaderCoordinator build() {
			return new ZookeeperLeaderCoordinator(this, options());
		}

		private static String requireValidRoot(String root) {
			if (root == null || !root.startsWith("/")) {
				throw new LeaderConfigurationException(
						"ZooKeeper root '" + root + "' must be an absolute path, such as '/leader'");
			}
			String normalized = (root.length() > 1 && root.endsWith("/")) ? root.substring(0, root.length() - 1) : root;
			try {
				PathUtils.validatePath(normalized);
			}
			catch (IllegalArgumentException ex) {
				throw new LeaderConfigurationException(
						"ZooKeeper root '" + root + "' is not a valid ZooKeeper path: " + ex.getMessage());
			}
			return normalized;
		}

	}

}
