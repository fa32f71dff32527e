package dev.leader.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.locks.LockInternals;
import org.apache.curator.framework.recipes.locks.StandardLockInternalsDriver;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
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
 */
public final class ZookeeperLeaderCoordinator implements LeaderCoordinator, Lifecycle, AutoCloseable {

	/** The root path when none is set. */
	public static final String DEFAULT_ROOT = "/leader";

	/** What {@link #store()} answers. */
	public static final String STORE = "zookeeper";

	static final String ELECTION = "election";

	static final String TOKEN = "token";

	/** The prefix Curator's {@code InterProcessMutex} gives its sequential znodes. */
	private static final String LOCK_NAME = "lock-";

	private static final StandardLockInternalsDriver SORTER = new StandardLockInternalsDriver();

	private static final Log logger = LogFactory.getLog(ZookeeperLeaderCoordinator.class);

	private static final AtomicInteger instances = new AtomicInteger();

	private final CuratorFramework client;

	private final String root;

	private final String nodeId;

	private volatile String instanceId;

	private final Clock clock;

	private final LeadershipListener listener;

	private final LeaseObserver observer;

	private final Consumer<String> beforeRelease;

	private final BiConsumer<String, RevocationReason> leadershipLost;

	private final Duration retryInterval;

	private final ConcurrentMap<String, ZookeeperElection> elections = new ConcurrentHashMap<>();

	/** The threads of the current run; new ones for every start after a stop. */
	private volatile ExecutorService events;

	private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.NEW);

	/** Advanced whenever the connection is suspended or lost. */
	private final AtomicLong connectionLosses = new AtomicLong();

	private final ConnectionStateListener connectionListener = this::connectionStateChanged;

	private final SessionDeadline deadline = new SessionDeadline();

	private volatile SessionWatchdog watchdog;

	/** Serializes start and stop. */
	private final Object lifecycleMonitor = new Object();

	/** Other instances with this node's id that were reported already. */
	private final Set<String> twins = ConcurrentHashMap.newKeySet();

	private ZookeeperLeaderCoordinator(Builder builder, CoordinatorOptions options) {
		this.client = builder.client;
		this.root = builder.root;
		this.nodeId = options.nodeId();
		this.instanceId = Identifiers.newInstanceId(options.nodeId());
		this.clock = options.clock();
		this.listener = options.listener();
		this.observer = options.observer();
		this.beforeRelease = options.beforeRelease();
		this.leadershipLost = options.leadershipLost();
		this.retryInterval = builder.retryInterval;
		newRun();
		options.groups().forEach(this::campaign);
	}

	/**
	 * New threads for a run of the coordinator.
	 */
	private void newRun() {
		String threads = "leader-zk-" + instances.incrementAndGet();
		this.events = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, threads + "-events");
			thread.setDaemon(true);
			return thread;
		});
		this.watchdog = new SessionWatchdog(this.client, ZKPaths.fixForNamespace(this.client.getNamespace(), this.root),
				this.deadline, this.elections::values, threads);
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

	/**
	 * Start campaigning for every group joined so far (and those joined later). An
	 * ensemble that cannot be reached yet is waited for by the elections. A stopped
	 * coordinator can be started again (Spring stops and restarts the lifecycle beans of
	 * paused contexts): it then campaigns as a new instance, with a new
	 * {@link #instanceId()}.
	 * @throws IllegalStateException when the Curator client was closed
	 */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			Phase current = this.phase.get();
			if (current == Phase.RUNNING) {
				return;
			}
			if (current == Phase.STOPPED) {
				newRun();
				this.instanceId = Identifiers.newInstanceId(this.nodeId);
				this.twins.clear();
				this.elections.replaceAll((group, stopped) -> new ZookeeperElection(this, group));
			}
			this.phase.set(Phase.RUNNING);
			startRunning();
		}
	}

	private void startRunning() {
		if (this.client.getState() == CuratorFrameworkState.STOPPED) {
			this.phase.set(Phase.STOPPED);
			this.events.shutdown();
			throw new IllegalStateException("The CuratorFramework of node " + this.nodeId + " is closed");
		}
		if (this.client.getState() == CuratorFrameworkState.LATENT) {
			this.client.start();
		}
		this.client.getConnectionStateListenable().addListener(this.connectionListener);
		this.watchdog.start();
		logger.info("Node " + this.nodeId + " (instance " + this.instanceId + ") campaigning on ZooKeeper under "
				+ this.root + " for groups " + new TreeSet<>(this.elections.keySet()));
		this.elections.values().forEach(ZookeeperElection::start);
	}

	/**
	 * Stop campaigning: step down from every group (revoked with
	 * {@link RevocationReason#SHUTDOWN}), run the before-release hook, and leave the
	 * elections, deleting this node's election znodes so that the next nodes in line take
	 * over at once. Idempotent; {@link #start()} campaigns again. The Curator client
	 * stays open.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			stopRunning();
		}
	}

	private void stopRunning() {
		Phase previous = this.phase.getAndSet(Phase.STOPPED);
		if (previous == Phase.STOPPED) {
			return;
		}
		if (previous == Phase.RUNNING) {
			this.client.getConnectionStateListenable().removeListener(this.connectionListener);
		}
		List<ZookeeperElection> all = new ArrayList<>(this.elections.values());
		all.forEach(ZookeeperElection::stop);
		this.watchdog.stop();
		this.events.shutdown();
		try {
			this.events.awaitTermination(connectionTimeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
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
	 * This coordinator's instance id: the node id, {@code #} and a nonce drawn when it
	 * was built. It is the holder of this node's tokens, the data of its election znodes
	 * and the {@code instance} of the token znode after its grants, so that two processes
	 * configured with one node id are told apart.
	 * @return the instance id
	 */
	@Override
	public String instanceId() {
		return this.instanceId;
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
	 * Campaign for a group: at once while running, else from the next {@link #start()}.
	 */
	@Override
	public void campaign(String group) {
		Identifiers.requireValidGroup(group);
		ZookeeperElection election = this.elections.computeIfAbsent(group, (name) -> new ZookeeperElection(this, name));
		if (this.phase.get() == Phase.RUNNING) {
			election.start();
		}
	}

	/**
	 * Whether this node leads the group: the election granted it, the token advanced for
	 * it, its connection to ZooKeeper has been neither suspended nor lost since, and the
	 * ensemble answered a request this node sent less than ⅔ of the session timeout ago
	 * (on the monotonic clock). Answers without a round trip.
	 * @param group the group name
	 * @return {@code true} while this node leads the group
	 */
	@Override
	public boolean isLeader(String group) {
		ZookeeperElection election = this.elections.get(group);
		return election != null && election.isLeader();
	}

	@Override
	public Optional<FencingToken> token(String group) {
		ZookeeperElection election = this.elections.get(group);
		return (election != null) ? election.token() : Optional.empty();
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
		awaitConnection();
		Snapshot snapshot = read(group);
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
	 * A token held by this node is checked locally first: once this node stepped down
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
	public void verify(FencingToken token) {
		try {
			checkCurrent(token);
		}
		catch (FencingException ex) {
			this.observer.fencingChecked(token, false);
			ZookeeperElection election = this.elections.get(token.group());
			if (election != null && token.holder().equals(this.instanceId)) {
				// Still leading with a token ZooKeeper refutes (a watch not delivered
				// yet): step down now rather than lead with it.
				election.refuted(token, ex.getMessage());
			}
			throw ex;
		}
		this.observer.fencingChecked(token, true);
	}

	private void checkCurrent(FencingToken token) {
		if (token.holder().equals(this.instanceId) && this.elections.containsKey(token.group())
				&& !token(token.group()).equals(Optional.of(token))) {
			throw new FencingException(token, "node " + this.nodeId + " (instance " + this.instanceId
					+ ") no longer leads group '" + token.group() + "' with it");
		}
		Snapshot snapshot = read(token.group());
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

	@Override
	public boolean yield(String group) {
		ZookeeperElection election = this.elections.get(group);
		return election != null && election.yieldLeadership();
	}

	@Override
	public Set<String> groups() {
		return Collections.unmodifiableSet(new TreeSet<>(this.elections.keySet()));
	}

	/**
	 * Whether the client is connected to the ensemble right now (no round trip).
	 */
	boolean isConnected() {
		return this.client.getState() == CuratorFrameworkState.STARTED
				&& this.client.getZookeeperClient().isConnected();
	}

	/**
	 * Whether the client is connected right now through the ZooKeeper handle it had when
	 * a grant was made: a new handle means a new session, in which this node holds
	 * nothing (no round trip).
	 */
	boolean isConnected(long instance) {
		return isConnected() && this.client.getZookeeperClient().getInstanceIndex() == instance;
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

	SessionDeadline deadline() {
		return this.deadline;
	}

	SessionWatchdog watchdog() {
		return this.watchdog;
	}

	/**
	 * An election participant was seen: warn (once per instance) when another instance is
	 * configured with this node's id.
	 * @param group the group whose election it takes part in
	 * @param participant the participant's id: an instance id, or a node id when an
	 * earlier version campaigns
	 */
	void sawParticipant(String group, String participant) {
		if (participant == null || participant.equals(this.instanceId)
				|| !Identifiers.nodeIdOf(participant).equals(this.nodeId) || !this.twins.add(participant)) {
			return;
		}
		logger.warn("Node id '" + this.nodeId + "' is configured for two coordinators: this one (instance "
				+ this.instanceId + ") and instance " + participant + ", which campaigns for group '" + group
				+ "' too. Give every process its own leader.node-id (or leave it unset: the default is unique). "
				+ "They never lead at once and their tokens name the instance, but logs and metrics by node id "
				+ "mix them up. If " + participant + " is this node's previous run, its ZooKeeper session ends "
				+ "within the session timeout");
	}

	/**
	 * Re-create a group's deleted token znode at the value of the last grant this node
	 * knows, without a holder, so that the next grant still gets a higher token. Called
	 * while this node still comes first in the group's election: no other node can be
	 * granted meanwhile and create the znode anew at 0. Never overwrites an existing
	 * znode.
	 * @param group the group
	 * @param value the value of this node's last grant
	 */
	void restoreToken(String group, long value) {
		String tokenPath = tokenPath(group);
		try {
			this.client.create().creatingParentsIfNeeded().forPath(tokenPath, TokenNode.released(value).encode());
			logger.warn("Node " + this.nodeId + " re-created the deleted token znode " + tokenPath + " of group '"
					+ group + "' at token " + value + ", so that the next grant gets a higher token");
		}
		catch (KeeperException.NodeExistsException ex) {
			// Re-created already.
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.error("Node " + this.nodeId + " could not re-create the deleted token znode " + tokenPath
					+ " of group '" + group + "' at token " + value + "; the next grant starts the count anew at 1, "
					+ "and tokens of earlier grants may be issued again: " + ex);
		}
	}

	Duration retryInterval() {
		return this.retryInterval;
	}

	String groupPath(String group) {
		return ZKPaths.makePath(this.root, group);
	}

	String electionPath(String group) {
		return ZKPaths.makePath(this.root, group, ELECTION);
	}

	String tokenPath(String group) {
		return ZKPaths.makePath(this.root, group, TOKEN);
	}

	/**
	 * Advance the group's token for this node, which the election just granted the group:
	 * check that this node's election znode comes first and belongs to this session, then
	 * in one multi-operation check that znode again and set the token node to the next
	 * value, conditional on the version read.
	 * @return the new token and the election znode it was granted to
	 * @throws Exception when the token could not be advanced (the grant is then given up)
	 */
	ZookeeperElection.Grant advanceToken(String group) throws Exception {
		long instance = this.client.getZookeeperClient().getInstanceIndex();
		ZooKeeper zookeeper = this.client.getZookeeperClient().getZooKeeper();
		long sessionId = zookeeper.getSessionId();
		// The grant's deadline counts from here: before the first request of the grant.
		long sent = this.deadline.now();
		String tokenPath = tokenPath(group);
		try {
			this.client.create().creatingParentsIfNeeded().forPath(tokenPath, TokenNode.INITIAL.encode());
		}
		catch (KeeperException.NodeExistsException ex) {
			// Created by an earlier grant.
		}
		String electionPath = electionPath(group);
		List<String> queue = LockInternals.getSortedChildren(this.client, electionPath, LOCK_NAME, SORTER);
		if (queue.isEmpty()) {
			throw new IllegalStateException("the election of group '" + group + "' has no participants");
		}
		String first = queue.get(0);
		String firstPath = ZKPaths.makePath(electionPath, first);
		Stat firstStat = new Stat();
		byte[] firstId = this.client.getData().storingStatIn(firstStat).forPath(firstPath);
		if (!this.instanceId.equals(new String(firstId, StandardCharsets.UTF_8))
				|| firstStat.getEphemeralOwner() != sessionId) {
			throw new IllegalStateException("the election of group '" + group + "' is led by election node " + first
					+ ", which is not this node's in its current session");
		}
		Stat tokenStat = new Stat();
		TokenNode current = TokenNode.decode(this.client.getData().storingStatIn(tokenStat).forPath(tokenPath));
		int sessionTimeout = zookeeper.getSessionTimeout();
		TokenNode next = current.next(this.instanceId, first, sessionTimeout);
		this.client.transaction()
			.forOperations(this.client.transactionOp().check().withVersion(firstStat.getVersion()).forPath(firstPath),
					this.client.transactionOp()
						.setData()
						.withVersion(tokenStat.getVersion())
						.forPath(tokenPath, next.encode()));
		this.deadline.answered(sessionId, sent, sessionTimeout);
		this.watchdog.sessionTimeout(sessionTimeout);
		return new ZookeeperElection.Grant(new FencingToken(group, next.value(), this.instanceId), first, instance,
				zookeeper, sessionId, sessionTimeout);
	}

	/**
	 * Delete this node's election znode after it stepped down, so that the next node in
	 * line takes over without waiting for the election thread to notice. Best effort: the
	 * election releases it too, and the session's end removes it in any case.
	 */
	void leaveElection(String group, String electionNode) {
		if (!isConnected()) {
			return;
		}
		try {
			this.client.delete().quietly().forPath(ZKPaths.makePath(electionPath(group), electionNode));
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.debug("Node " + this.nodeId + " could not delete its election node " + electionNode + " of group '"
					+ group + "'; the election releases it: " + ex);
		}
	}

	/**
	 * Let running leader-only work of a group finish or be interrupted before this node
	 * leaves the group's election.
	 */
	void beforeRelease(String group) {
		try {
			this.beforeRelease.accept(group);
		}
		catch (RuntimeException ex) {
			logger.error("Before-release hook failed for group '" + group + "'", ex);
		}
	}

	void granted(FencingToken token) {
		logger.info("Node " + this.nodeId + " (instance " + this.instanceId + ") leads group '" + token.group()
				+ "' with token " + token.value());
		publish(new LeadershipGrantedEvent(this, token, this.clock));
	}

	void revoked(FencingToken token, RevocationReason reason) {
		if (reason == RevocationReason.LEASE_LOST || reason == RevocationReason.STORE_UNREACHABLE) {
			try {
				this.leadershipLost.accept(token.group(), reason);
			}
			catch (Throwable ex) {
				logger.error("Leadership-lost hook failed for group '" + token.group() + "'", ex);
			}
		}
		logger.info("Node " + this.nodeId + " (instance " + this.instanceId + ") stopped leading group '"
				+ token.group() + "' (token " + token.value() + "): " + reason);
		publish(new LeadershipRevokedEvent(this, token, reason, this.clock));
	}

	private void publish(LeadershipEvent event) {
		try {
			this.events.execute(() -> {
				try {
					this.listener.onLeadershipChange(event);
				}
				catch (RuntimeException ex) {
					logger.error("Leadership listener failed on " + event, ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Coordinator stopped; dropping " + event);
		}
	}

	private void connectionStateChanged(CuratorFramework client, ConnectionState state) {
		if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
			this.connectionLosses.incrementAndGet();
			boolean electionCancels = client.getConnectionStateErrorPolicy().isErrorState(state);
			this.elections.values().forEach((election) -> election.connectionLost(!electionCancels));
			logger.warn("Node " + this.nodeId + " lost its ZooKeeper connection (" + state
					+ "); it leads no group until it is back");
		}
		else if (state == ConnectionState.RECONNECTED) {
			logger.info("Node " + this.nodeId + " reconnected to ZooKeeper; campaigning again");
		}
	}

	private void awaitConnection() {
		if (isConnected() || this.client.getState() != CuratorFrameworkState.STARTED) {
			return;
		}
		try {
			this.client.getZookeeperClient().blockUntilConnectedOrTimedOut();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Read the group's token node and election queue in one round trip, after a
	 * {@code sync}: ZooKeeper answers a client's requests in order, so the reads see
	 * every update the ensemble committed before the sync.
	 */
	private Snapshot read(String group) {
		if (!isConnected()) {
			throw new LeaderStoreException(
					"Node " + this.nodeId + " is not connected to ZooKeeper; group '" + group + "' cannot be read",
					null);
		}
		String namespace = this.client.getNamespace();
		String tokenPath = ZKPaths.fixForNamespace(namespace, tokenPath(group));
		String electionPath = ZKPaths.fixForNamespace(namespace, electionPath(group));
		CompletableFuture<Void> synced = new CompletableFuture<>();
		CompletableFuture<Snapshot> tokenRead = new CompletableFuture<>();
		CompletableFuture<List<String>> queueRead = new CompletableFuture<>();
		try {
			ZooKeeper zookeeper = this.client.getZookeeperClient().getZooKeeper();
			zookeeper.sync(tokenPath, (rc, path, context) -> complete(synced, rc, path, null), null);
			zookeeper.getData(tokenPath, false, (rc, path, context, data, stat) -> {
				if (rc == KeeperException.Code.NONODE.intValue()) {
					tokenRead.complete(new Snapshot(null, null, List.of()));
				}
				else if (rc != KeeperException.Code.OK.intValue()) {
					tokenRead.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
				}
				else {
					try {
						tokenRead.complete(new Snapshot(TokenNode.decode(data), stat, List.of()));
					}
					catch (IllegalArgumentException ex) {
						tokenRead.completeExceptionally(ex);
					}
				}
			}, null);
			zookeeper.getChildren(electionPath, false, (rc, path, context, children) -> {
				if (rc == KeeperException.Code.NONODE.intValue()) {
					queueRead.complete(List.of());
				}
				else {
					complete(queueRead, rc, path, children);
				}
			}, null);
			long timeout = connectionTimeoutMillis();
			CompletableFuture.allOf(synced, tokenRead, queueRead).get(timeout, TimeUnit.MILLISECONDS);
			Snapshot snapshot = tokenRead.get();
			return new Snapshot(snapshot.token(), snapshot.stat(), queueRead.get());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LeaderStoreException("Interrupted while reading group '" + group + "' from ZooKeeper", ex);
		}
		catch (TimeoutException ex) {
			throw new LeaderStoreException(
					"ZooKeeper did not answer for group '" + group + "' within " + connectionTimeoutMillis() + " ms",
					ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new LeaderStoreException("ZooKeeper could not read group '" + group + "': " + cause.getMessage(),
					cause);
		}
		catch (Exception ex) {
			throw new LeaderStoreException("ZooKeeper could not read group '" + group + "': " + ex, ex);
		}
	}

	private static <T> void complete(CompletableFuture<T> future, int rc, String path, @Nullable T value) {
		if (rc == KeeperException.Code.OK.intValue()) {
			future.complete(value);
		}
		else {
			future.completeExceptionally(KeeperException.create(KeeperException.Code.get(rc), path));
		}
	}

	private long connectionTimeoutMillis() {
		return Math.max(1, this.client.getZookeeperClient().getConnectionTimeoutMs());
	}

	@Override
	public String toString() {
		return "ZookeeperLeaderCoordinator[" + this.nodeId + " on ZooKeeper under " + this.root + "]";
	}

	/**
	 * A group's token node (its content and stat, or {@code null}s when it does not
	 * exist) and the names of the znodes in its election.
	 */
	private record Snapshot(@Nullable TokenNode token, @Nullable Stat stat, List<String> queue) {

		/** Whether the latest grant's election znode still exists. */
		boolean isHeld() {
			return this.token != null && this.token.electionNode() != null
					&& this.queue.contains(this.token.electionNode());
		}

	}

	private enum Phase {

		NEW, RUNNING, STOPPED

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
