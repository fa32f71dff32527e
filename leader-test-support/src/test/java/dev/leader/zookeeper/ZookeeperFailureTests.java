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

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipConflict.Believer;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestZookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * ZooKeeper failures with in-process curator-test servers: the leader's session expires,
 * the server it is connected to dies, the ensemble loses its quorum, every node and the
 * ensemble restart, the leader's event thread is blocked while its connection freezes,
 * its election or token znode is deleted, two processes share one node id. A sampler
 * checks all along that at most one node believes it leads, and after each failure the
 * old token is rejected by {@code verify}.
 */
class ZookeeperFailureTests {

	private static final Duration SESSION = Duration.ofSeconds(2);

	private static final Duration RETRY = Duration.ofMillis(200);

	private final List<TestNode> nodes = new CopyOnWriteArrayList<>();

	private final List<String> splitBrains = new CopyOnWriteArrayList<>();

	/** Set while no node may lead at all (the ensemble has no quorum). */
	private volatile boolean noLeaderAllowed;

	private String group;

	/** Whether the nodes started next check for duplicate leaders. */
	private boolean detectConflicts = true;

	private ScheduledExecutorService sampler;

	private TestingServer server;

	private TestingCluster cluster;

	private File dataDirectory;

	private TcpProxy proxy;

	/** Released when a test ends: they hold ZooKeeper event threads. */
	private final List<CountDownLatch> blockers = new CopyOnWriteArrayList<>();

	private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

	@BeforeEach
	void setUp() {
		this.logs.start();
		packageLogger().addAppender(this.logs);
		this.group = "failure-" + UUID.randomUUID();
		// At most one node may believe it leads at any instant: sample all along.
		this.sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "split-brain-watcher");
			thread.setDaemon(true);
			return thread;
		});
		this.sampler.scheduleWithFixedDelay(this::checkAtMostOneLeader, 0, 2, TimeUnit.MILLISECONDS);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.blockers.forEach(CountDownLatch::countDown);
		this.sampler.shutdownNow();
		this.sampler.awaitTermination(5, TimeUnit.SECONDS);
		if (this.proxy != null) {
			this.proxy.heal();
		}
		this.nodes.forEach(TestNode::stop);
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
		if (this.server != null) {
			this.server.close();
		}
		TestZookeeper.deleteDataDirectory(this.dataDirectory);
		packageLogger().detachAppender(this.logs);
	}

	@Test
	void expiredSessionOfTheLeaderRevokesItAndAnotherNodeLeadsWithAHigherToken() throws Exception {
		this.server = TestZookeeper.startServer();
		startNodes(this.server.getConnectString(), 3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();

		KillSession.kill(first.client().getZookeeperClient().getZooKeeper());

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		// Curator closes the expired session, so its election node is gone: the next node
		// in line takes over, and the expired node queues again behind it in a new
		// session.
		TestNode second = awaitSoleLeader();
		assertThat(second).isNotSameAs(first);
		assertThat(second.token().value()).isGreaterThan(old.value());
		assertStaleEverywhere(old);

		// The expired node campaigns again: it leads once the others are gone.
		FencingToken secondToken = second.token();
		this.nodes.stream().filter((node) -> node != first).forEach(TestNode::stop);
		await().atMost(SESSION.multipliedBy(5)).until(() -> first.coordinator().isLeader(this.group));
		assertThat(first.token().value()).isGreaterThan(secondToken.value());
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void leaderCutOffFromTheEnsembleStepsDownBeforeItsSessionExpiresAndRejoins() throws Exception {
		this.server = TestZookeeper.startServer();
		this.proxy = new TcpProxy("127.0.0.1", this.server.getPort());
		startNodes("127.0.0.1:" + this.proxy.port(), 1);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		startNodes(this.server.getConnectString(), 2);

		// Packets are dropped: the leader hears nothing, the server neither.
		this.proxy.freeze();

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		assertThat(leaders()).as("nodes leading when the cut-off leader stepped down").isEmpty();
		// The server expires the leader's session; the next node in line takes over.
		TestNode next = awaitSoleLeader();
		assertThat(next).isNotSameAs(first);
		assertThat(next.token().value()).isGreaterThan(old.value());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> first.coordinator().verify(old));

		// Healed, the old leader learns that its session expired and queues again.
		this.proxy.heal();
		await().atMost(SESSION.multipliedBy(5)).until(first::isConnected);
		assertStaleEverywhere(old);
		FencingToken nextToken = next.token();
		this.nodes.stream().filter((node) -> node != first).forEach(TestNode::stop);
		await().atMost(SESSION.multipliedBy(5)).until(() -> first.coordinator().isLeader(this.group));
		assertThat(first.token().value()).isGreaterThan(nextToken.value());
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void killingTheServerTheLeaderIsConnectedToKeepsAtMostOneLeader() throws Exception {
		this.cluster = TestZookeeper.startCluster(3);
		startNodes(this.cluster.getConnectString(), 3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		InstanceSpec server = this.cluster.findConnectionInstance(first.client().getZookeeperClient().getZooKeeper());

		this.cluster.killServer(server);

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		TestNode next = awaitSoleLeader();
		assertThat(next.token().value()).isGreaterThan(old.value());
		assertStaleEverywhere(old);
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void losingTheQuorumLeavesNoLeaderUntilItReturns() throws Exception {
		this.cluster = TestZookeeper.startCluster(3);
		startNodes(this.cluster.getConnectString(), 3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		List<InstanceSpec> stopped = new ArrayList<>(this.cluster.getInstances()).subList(0, 2);

		for (InstanceSpec server : stopped) {
			this.cluster.killServer(server);
		}

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		await().atMost(SESSION.multipliedBy(3)).until(() -> this.nodes.stream().noneMatch(TestNode::isConnected));
		// From now until the quorum returns, the sampler allows no leader at all. Longer
		// than a session: no node leads, and no node can vouch for the old token.
		this.noLeaderAllowed = true;
		await().during(SESSION.multipliedBy(2))
			.atMost(SESSION.multipliedBy(4))
			.until(() -> leaders().isEmpty() && this.nodes.stream().noneMatch(TestNode::isConnected));
		for (TestNode node : this.nodes) {
			if (node == first) {
				assertThatExceptionOfType(FencingException.class).isThrownBy(() -> node.coordinator().verify(old));
			}
			else {
				assertThatExceptionOfType(LeaderStoreException.class).isThrownBy(() -> node.coordinator().verify(old));
			}
		}

		this.noLeaderAllowed = false;
		for (InstanceSpec server : stopped) {
			this.cluster.restartServer(server);
		}

		TestNode next = awaitSoleLeader();
		assertThat(next.token().value()).isGreaterThan(old.value());
		assertStaleEverywhere(old);
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void tokenSurvivesRestartsOfEveryNodeAndOfTheEnsemble() throws Exception {
		this.dataDirectory = TestZookeeper.newDataDirectory();
		this.server = TestZookeeper.startServer(this.dataDirectory);
		startNodes(this.server.getConnectString(), 2);
		TestNode first = awaitSoleLeader();
		first.coordinator().yield(this.group);
		FencingToken beforeRestarts = awaitSoleLeader().token();

		// Every node stops and the ensemble restarts on its data: new nodes go on from
		// the
		// stored token.
		this.nodes.forEach(TestNode::stop);
		this.nodes.clear();
		this.server.restart();
		startNodes(this.server.getConnectString(), 2);
		TestNode leader = awaitSoleLeader();
		FencingToken afterRestarts = leader.token();
		assertThat(afterRestarts.value()).isGreaterThan(beforeRestarts.value());
		assertStaleEverywhere(beforeRestarts);

		// The ensemble restarts under running nodes: the leader steps down, and the next
		// grant advances the token again.
		this.server.restart();
		awaitRevoked(leader, afterRestarts, RevocationReason.STORE_UNREACHABLE);
		TestNode next = awaitSoleLeader();
		assertThat(next.token().value()).isGreaterThan(afterRestarts.value());
		assertStaleEverywhere(afterRestarts);
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void leaderWithABlockedEventThreadAndAFrozenConnectionStepsDownBeforeAnotherNodeIsGranted() throws Exception {
		this.server = TestZookeeper.startServer();
		this.proxy = new TcpProxy("127.0.0.1", this.server.getPort());
		TestNode first = startNode("127.0.0.1:" + this.proxy.port(), "node-a", (event) -> {
		});
		assertThat(awaitSoleLeader()).isSameAs(first);
		FencingToken old = first.token();
		AtomicLong secondGrantedAt = new AtomicLong();
		AtomicReference<Boolean> firstLeadingAtSecondGrant = new AtomicReference<>();
		TestNode second = startNode(this.server.getConnectString(), "node-b", (event) -> {
			if (event instanceof LeadershipGrantedEvent) {
				firstLeadingAtSecondGrant.compareAndSet(null, first.coordinator().isLeader(this.group));
				secondGrantedAt.compareAndSet(0, System.nanoTime());
			}
		});

		// A slow watcher on the leader's (shared) client blocks its ZooKeeper event
		// thread
		// for 20 s: connection events are not delivered, so Curator's connection flag
		// stays as it was.
		CountDownLatch release = blockEventThread(first);
		// A slow watcher alone costs nothing: the ensemble still answers the leader.
		await().during(SESSION).atMost(SESSION.multipliedBy(3)).until(() -> first.coordinator().isLeader(this.group));

		AtomicLong firstStoppedAt = new AtomicLong();
		ScheduledFuture<?> watch = this.sampler.scheduleWithFixedDelay(() -> {
			if (!first.coordinator().isLeader(this.group)) {
				firstStoppedAt.compareAndSet(0, System.nanoTime());
			}
		}, 0, 1, TimeUnit.MILLISECONDS);
		this.proxy.freeze();

		// The ensemble expires the leader's session after the session timeout and elects
		// the other node; the leader, hearing nothing, stepped down at 2/3 of it.
		await().atMost(SESSION.multipliedBy(5)).until(() -> secondGrantedAt.get() != 0);
		watch.cancel(false);
		assertThat(firstLeadingAtSecondGrant.get()).as("the frozen leader still leads when the next one is granted")
			.isFalse();
		assertThat(firstStoppedAt.get()).as("when the frozen leader stopped leading").isNotZero();
		assertThat(firstStoppedAt.get() - secondGrantedAt.get()).as("frozen leader out before the next grant (ns)")
			.isNegative();
		// Its own timer revoked it, with the event thread still blocked.
		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		assertThat(release.getCount()).isOne();
		assertThat(second.token().value()).isGreaterThan(old.value());
		second.coordinator().verify(second.token());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> second.coordinator().verify(old));
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void leaderWhoseClientReportsItsSessionOverStopsBelievingAtOnceWithItsEventThreadBlocked() throws Exception {
		this.server = TestZookeeper.startServer();
		startNodes(this.server.getConnectString(), 2);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		CountDownLatch release = blockEventThread(first);

		// The client's I/O side closes the session; the event thread, blocked, cannot
		// tell
		// Curator (and its connection flag) yet.
		KillSession.kill(first.client().getZookeeperClient().getZooKeeper());

		assertThat(first.coordinator().isLeader(this.group)).isFalse();
		assertThat(first.coordinator().token(this.group)).isEmpty();
		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		assertThat(release.getCount()).isOne();
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void deletedElectionZnodeOfTheLeaderEndsItsLeadershipAndAnotherNodeLeads() throws Exception {
		this.server = TestZookeeper.startServer();
		startNodes(this.server.getConnectString(), 2);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		TestNode other = this.nodes.stream().filter((node) -> node != first).findFirst().orElseThrow();
		String electionNode = tokenNode(other).electionNode();

		other.client().delete().forPath("/failures/" + this.group + "/election/" + electionNode);

		awaitRevoked(first, old, RevocationReason.LEASE_LOST);
		awaitWarning(first.coordinator().instanceId(), "election znode", electionNode);
		TestNode next = awaitLeaderAfter(old);
		assertVerifiedEverywhere(next.token());
		assertStaleEverywhere(old);
	}

	@Test
	void deletedTokenZnodeEndsLeadershipAndTheNextLeaderGetsAHigherToken() throws Exception {
		this.server = TestZookeeper.startServer();
		startNodes(this.server.getConnectString(), 2);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		TestNode other = this.nodes.stream().filter((node) -> node != first).findFirst().orElseThrow();

		other.client().delete().forPath("/failures/" + this.group + "/token");

		awaitRevoked(first, old, RevocationReason.LEASE_LOST);
		awaitWarning(first.coordinator().instanceId(), "token znode", "/failures/" + this.group + "/token");
		// The stepping-down leader re-created the token znode at its value: tokens keep
		// increasing.
		TestNode next = awaitLeaderAfter(old);
		assertVerifiedEverywhere(next.token());
		assertStaleEverywhere(old);
	}

	@Test
	void leaderWhoseWatchesAreLostStepsDownWhenVerifyFindsItsTokenStale() throws Exception {
		// About verify: the duplicate-leader check would find the stale belief first (see
		// the test below).
		this.detectConflicts = false;
		this.server = TestZookeeper.startServer();
		startNodes(this.server.getConnectString(), 2);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		TestNode other = this.nodes.stream().filter((node) -> node != first).findFirst().orElseThrow();
		String election = "/failures/" + this.group + "/election";
		String electionNode = election + "/" + tokenNode(other).electionNode();
		// The leader's watches on its znodes (set right after its grant) are gone, as if
		// their events never came.
		ZooKeeper zookeeper = first.client().getZookeeperClient().getZooKeeper();
		for (String path : List.of(electionNode, "/failures/" + this.group + "/token")) {
			await().atMost(Duration.ofSeconds(5))
				.ignoreExceptions()
				.untilAsserted(() -> zookeeper.removeAllWatches(path, Watcher.WatcherType.Any, true));
		}

		other.client().delete().forPath(electionNode);
		TestNode next = await().atMost(Duration.ofSeconds(10))
			.until(() -> (other.coordinator().isLeader(this.group)) ? Optional.of(other) : Optional.<TestNode>empty(),
					Optional::isPresent)
			.get();
		assertThat(first.coordinator().isLeader(this.group)).as("leader that missed the deletion").isTrue();

		// Its next check of its own token finds it stale: it steps down and queues again.
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> first.coordinator().verify(old));
		assertThat(first.coordinator().isLeader(this.group)).isFalse();
		awaitRevoked(first, old, RevocationReason.LEASE_LOST);
		awaitWarning(first.coordinator().instanceId(), "verify found its token stale");
		assertVerifiedEverywhere(next.token());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(other.client().getChildren().forPath(election)).hasSize(2));
	}

	@Test
	void leaderWhoseWatchesAreLostIsFoundStaleByTheBeliefCheckAndStepsDown() throws Exception {
		this.server = TestZookeeper.startServer();
		startNodes(this.server.getConnectString(), 2);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();
		TestNode other = this.nodes.stream().filter((node) -> node != first).findFirst().orElseThrow();
		String electionNode = "/failures/" + this.group + "/election/" + tokenNode(other).electionNode();
		ZooKeeper zookeeper = first.client().getZookeeperClient().getZooKeeper();
		for (String path : List.of(electionNode, "/failures/" + this.group + "/token")) {
			await().atMost(Duration.ofSeconds(5))
				.ignoreExceptions()
				.untilAsserted(() -> zookeeper.removeAllWatches(path, Watcher.WatcherType.Any, true));
		}

		other.client().delete().forPath(electionNode);
		// No notice reaches the old leader; its next belief exchange finds its token
		// stale.
		awaitRevoked(first, old, RevocationReason.LEASE_LOST);
		assertThat(first.coordinator().conflicts()).anySatisfy((conflict) -> {
			assertThat(conflict.group()).isEqualTo(this.group);
			assertThat(conflict.believers()).contains(new Believer(first.coordinator().instanceId(), old.value()));
			assertThat(conflict.storeToken()).isGreaterThan(old.value());
		});
		TestNode next = awaitLeaderAfter(old);
		assertVerifiedEverywhere(next.token());
	}

	@Test
	void twoCoordinatorsWithOneNodeIdNeverLeadTogetherAndTellTheirTokensApart() throws Exception {
		this.server = TestZookeeper.startServer();
		String nodeId = "twin-" + UUID.randomUUID().toString().substring(0, 8);
		TestNode one = startNode(this.server.getConnectString(), nodeId, (event) -> {
		});
		TestNode two = startNode(this.server.getConnectString(), nodeId, (event) -> {
		});
		assertThat(one.coordinator().nodeId()).isEqualTo(two.coordinator().nodeId()).isEqualTo(nodeId);
		assertThat(one.coordinator().instanceId()).startsWith(nodeId + "#")
			.isNotEqualTo(two.coordinator().instanceId());
		assertThat(two.coordinator().instanceId()).startsWith(nodeId + "#");

		// 10 s: one grant in all, and never both leading (the sampler).
		TestNode leader = awaitSoleLeader();
		await().during(Duration.ofSeconds(10))
			.atMost(Duration.ofSeconds(15))
			.until(() -> grants().size() == 1 && leaders().equals(List.of(leader)));
		TestNode follower = (leader == one) ? two : one;
		FencingToken token = leader.token();
		assertThat(token.holder()).isEqualTo(leader.coordinator().instanceId());
		assertThat(follower.coordinator().lease(this.group).orElseThrow().activeToken()).hasValue(token);
		// The other process with the same node id accepts the leader's token, but not the
		// same value claimed by itself.
		follower.coordinator().verify(token);
		FencingToken claimed = new FencingToken(this.group, token.value(), follower.coordinator().instanceId());
		for (TestNode node : this.nodes) {
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> node.coordinator().verify(claimed));
		}
		awaitWarning(leader.coordinator().instanceId(), follower.coordinator().instanceId(), "id '" + nodeId + "'");

		// A real handover is one more grant.
		assertThat(leader.coordinator().yield(this.group)).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> leaders().equals(List.of(follower)));
		FencingToken next = follower.token();
		assertThat(next.holder()).isEqualTo(follower.coordinator().instanceId());
		await().during(SESSION).atMost(SESSION.multipliedBy(3)).until(() -> grants().size() == 2);
		assertStaleEverywhere(token);
		assertVerifiedEverywhere(next);
		FencingToken stolen = new FencingToken(this.group, next.value(), leader.coordinator().instanceId());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> follower.coordinator().verify(stolen));
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> leader.coordinator().verify(stolen));
		assertThat(this.splitBrains).isEmpty();
	}

	private void startNodes(String connectString, int count) {
		for (int i = 0; i < count; i++) {
			startNode(connectString, "node-" + i + "-" + UUID.randomUUID().toString().substring(0, 8), (event) -> {
			});
		}
	}

	private TestNode startNode(String connectString, String nodeId, LeadershipListener listener) {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		CuratorFramework client = TestZookeeper.client(connectString, SESSION, RETRY);
		ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client)
			.nodeId(nodeId)
			.root("/failures")
			.groups(this.group)
			.listener((event) -> {
				events.add(event);
				listener.onLeadershipChange(event);
			})
			.retryInterval(RETRY)
			.detectConflicts(this.detectConflicts)
			.build();
		coordinator.start();
		TestNode node = new TestNode(client, coordinator, events);
		this.nodes.add(node);
		return node;
	}

	/**
	 * Block a node's ZooKeeper event thread for 20 s (or until the test ends) with a slow
	 * watcher on its client, triggered by another client.
	 * @return the latch that releases the event thread
	 */
	private CountDownLatch blockEventThread(TestNode node) throws Exception {
		CountDownLatch blocking = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.blockers.add(release);
		String blocker = "/blocker-" + UUID.randomUUID();
		node.client().checkExists().usingWatcher((Watcher) (event) -> {
			blocking.countDown();
			try {
				release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).forPath(blocker);
		TestNode other = this.nodes.stream().filter((candidate) -> candidate != node).findFirst().orElseThrow();
		other.client().create().forPath(blocker);
		assertThat(blocking.await(10, TimeUnit.SECONDS)).as("event thread blocked").isTrue();
		return release;
	}

	private TokenNode tokenNode(TestNode reader) throws Exception {
		return TokenNode.decode(reader.client().getData().forPath("/failures/" + this.group + "/token"));
	}

	private TestNode awaitLeaderAfter(FencingToken old) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> leaders().stream().filter((node) -> node.token().value() > old.value()).findFirst(),
					Optional::isPresent)
			.get();
	}

	private List<LeadershipEvent> grants() {
		return this.nodes.stream()
			.flatMap((node) -> node.events().stream())
			.filter(LeadershipGrantedEvent.class::isInstance)
			.toList();
	}

	private void awaitWarning(String... parts) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.logs.list).anySatisfy((event) -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains(parts);
		}));
	}

	/**
	 * Every node accepts the token (a node that is still reconnecting cannot check it
	 * yet).
	 */
	private void assertVerifiedEverywhere(FencingToken token) {
		for (TestNode node : this.nodes) {
			await().atMost(SESSION.multipliedBy(5)).untilAsserted(() -> node.coordinator().verify(token));
		}
	}

	private static Logger packageLogger() {
		// The coordinator and the engine it runs on (which warns about twins) log here.
		return (Logger) LoggerFactory.getLogger("dev.leader");
	}

	private TestNode awaitSoleLeader() {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> leaders().stream().findFirst(), Optional::isPresent)
			.get();
	}

	private void awaitRevoked(TestNode node, FencingToken token, RevocationReason reason) {
		await().atMost(SESSION.multipliedBy(3))
			.untilAsserted(() -> assertThat(node.events()).anySatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (revoked) -> {
						assertThat(revoked.getToken()).isEqualTo(token);
						assertThat(revoked.getReason()).isEqualTo(reason);
					})));
		assertThat(node.coordinator().isLeader(this.group)).isFalse();
	}

	/**
	 * Every node rejects the token once it is connected (a node that is still
	 * reconnecting cannot check it yet).
	 */
	private void assertStaleEverywhere(FencingToken token) {
		for (TestNode node : this.nodes) {
			await().atMost(SESSION.multipliedBy(5))
				.untilAsserted(() -> assertThatExceptionOfType(FencingException.class)
					.isThrownBy(() -> node.coordinator().verify(token)));
		}
	}

	private List<TestNode> leaders() {
		return this.nodes.stream().filter((node) -> node.coordinator().isLeader(this.group)).toList();
	}

	private void checkAtMostOneLeader() {
		List<TestNode> leaders = leaders();
		if (leaders.size() > (this.noLeaderAllowed ? 0 : 1)) {
			this.splitBrains.add(leaders.stream().map((node) -> node.coordinator().nodeId()).toList().toString());
		}
	}

	private record TestNode(CuratorFramework client, ZookeeperLeaderCoordinator coordinator,
			List<LeadershipEvent> events) {

		FencingToken token() {
			return this.coordinator.token(this.coordinator.groups().iterator().next()).orElseThrow();
		}

		boolean isConnected() {
			return this.client.getZookeeperClient().isConnected();
		}

		void stop() {
			this.coordinator.stop();
			this.client.close();
		}

	}

}
