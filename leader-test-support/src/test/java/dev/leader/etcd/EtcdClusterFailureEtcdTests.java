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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestEtcd;
import dev.leader.test.TestEtcdMember;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The etcd store on a 3-member cluster of real etcd processes, under faults: a leader
 * node that dies or stops answering, the member a leader talks to killed, the quorum
 * lost, the cluster restarted from its data. Every node has its own jetcd client whose
 * connections to each member go through a TCP proxy of the node's own, so a node can be
 * cut off (a crash: its lease is never revoked) or frozen (a pause: nothing it sends is
 * answered) while the cluster runs on. A sampler checks all along that at most one node
 * believes it leads.
 */
class EtcdClusterFailureEtcdTests {

	/** Requested TTL; etcd grants it as it is (its minimum here is 1 s). */
	private static final Duration TTL = Duration.ofSeconds(2);

	private static final Duration RENEW = Duration.ofMillis(500);

	private static final Duration RETRY = Duration.ofMillis(200);

	private final List<TestNode> nodes = new CopyOnWriteArrayList<>();

	private final List<String> splitBrains = new CopyOnWriteArrayList<>();

	/** Set while no node may lead at all (the cluster has no quorum). */
	private volatile boolean noLeaderAllowed;

	private String group;

	private ScheduledExecutorService sampler;

	private TestEtcd etcd;

	@BeforeEach
	void setUp() {
		this.etcd = TestEtcd.startCluster(3);
		this.group = "failure-" + UUID.randomUUID();
		this.sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "split-brain-watcher");
			thread.setDaemon(true);
			return thread;
		});
		this.sampler.scheduleWithFixedDelay(this::checkAtMostOneLeader, 0, 2, TimeUnit.MILLISECONDS);
	}

	@AfterEach
	void tearDown() throws Exception {
		if (this.sampler != null) {
			this.sampler.shutdownNow();
			this.sampler.awaitTermination(5, TimeUnit.SECONDS);
		}
		this.nodes.forEach(TestNode::heal);
		this.nodes.forEach(TestNode::stop);
		if (this.etcd != null) {
			this.etcd.close();
		}
	}

	@Test
	void deadLeaderNodeIsReplacedAfterItsTtlWithAGreaterToken() {
		startNodes(3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();

		first.cut();

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		TestNode next = awaitLeaderAfter(old);
		assertThat(next).isNotSameAs(first);
		assertStaleEverywhere(old, first);
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void leaderPausedBeyondItsTtlStepsDownAndItsStaleVerifyFails() {
		startNodes(3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();

		// Nothing the node sends is answered, and nothing reaches it: to the cluster it
		// is a paused process.
		first.freeze();

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		TestNode next = awaitLeaderAfter(old);
		assertThat(next).isNotSameAs(first);
		first.heal();
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> first.coordinator().verify(old));
		assertStaleEverywhere(old, null);
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void killingTheMemberTheNodesTalkToKeepsAtMostOneLeader() {
		startNodes(3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();

		// Every client prefers the first member (pick_first): kill it.
		this.etcd.member(0).kill();

		// The leader seen right after the kill may still step down (its keep-alives go to
		// the dead member until its client fails over): take the leader whose token every
		// node then confirms.
		AtomicReference<FencingToken> confirmed = new AtomicReference<>();
		await().atMost(TTL.multipliedBy(10)).ignoreExceptions().untilAsserted(() -> {
			FencingToken current = leaders().get(0).token();
			assertThat(current.value()).isGreaterThanOrEqualTo(old.value());
			for (TestNode node : this.nodes) {
				node.coordinator().verify(current);
			}
			confirmed.set(current);
		});
		if (confirmed.get().value() != old.value()) {
			assertStaleEverywhere(old, null);
		}
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void losingTheQuorumLeavesNoLeaderUntilItReturns() {
		startNodes(3);
		TestNode first = awaitSoleLeader();
		FencingToken old = first.token();

		this.etcd.member(1).kill();
		this.etcd.member(2).kill();

		awaitRevoked(first, old, RevocationReason.STORE_UNREACHABLE);
		// From now until the quorum returns, the sampler allows no leader at all. Longer
		// than a TTL: nobody leads, and nobody can vouch for the old token.
		this.noLeaderAllowed = true;
		await().during(TTL.multipliedBy(2)).atMost(TTL.multipliedBy(4)).until(() -> leaders().isEmpty());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> first.coordinator().verify(old));
		for (TestNode node : this.nodes) {
			if (node != first) {
				assertThatExceptionOfType(LeaderStoreException.class).isThrownBy(() -> node.coordinator().verify(old));
			}
		}

		this.noLeaderAllowed = false;
		this.etcd.member(1).start();
		this.etcd.member(2).start();

		TestNode next = awaitLeaderAfter(old);
		assertThat(leaders()).containsExactly(next);
		assertStaleEverywhere(old, null);
		assertThat(this.splitBrains).isEmpty();
	}

	@Test
	void tokensKeepIncreasingAcrossARestartOfTheClusterFromItsData() {
		startNodes(2);
		TestNode first = awaitSoleLeader();
		FencingToken yielded = first.token();
		first.coordinator().yield(this.group);
		FencingToken beforeRestart = awaitLeaderAfter(yielded).token();

		// Every node stops and the cluster restarts on its data: new nodes go on from
		// the stored revision.
		this.nodes.forEach(TestNode::stop);
		this.nodes.clear();
		this.etcd.members().forEach(TestEtcdMember::stop);
		this.etcd.members().forEach(TestEtcdMember::start);
		this.etcd.awaitHealthy();
		startNodes(2);
		TestNode leader = awaitLeaderAfter(beforeRestart);
		FencingToken afterRestart = leader.token();
		assertStaleEverywhere(beforeRestart, null);

		// The cluster stops under running nodes: the leader steps down by itself, and
		// once the cluster is back the next grant has a greater token.
		this.etcd.members().forEach(TestEtcdMember::stop);
		awaitRevoked(leader, afterRestart, RevocationReason.STORE_UNREACHABLE);
		this.etcd.members().forEach(TestEtcdMember::start);
		awaitLeaderAfter(afterRestart);
		assertStaleEverywhere(afterRestart, null);
		assertThat(this.splitBrains).isEmpty();
	}

	private void startNodes(int count) {
		for (int i = 0; i < count; i++) {
			this.nodes.add(TestNode.start(this.etcd, "node-" + i + "-" + UUID.randomUUID().toString().substring(0, 8),
					this.group, "/failures", TTL, RENEW, RETRY));
		}
	}

	private TestNode awaitSoleLeader() {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> leaders().stream().findFirst(), Optional::isPresent)
			.get();
	}

	private TestNode awaitLeaderAfter(FencingToken old) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> leaders().stream().filter((node) -> node.token().value() > old.value()).findFirst(),
					Optional::isPresent)
			.get();
	}

	private void awaitRevoked(TestNode node, FencingToken token, RevocationReason reason) {
		await().atMost(TTL.multipliedBy(3))
			.untilAsserted(() -> assertThat(node.events()).anySatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (revoked) -> {
						assertThat(revoked.getToken()).isEqualTo(token);
						assertThat(revoked.getReason()).isEqualTo(reason);
					})));
		assertThat(node.coordinator().isLeader(this.group)).isFalse();
	}

	/**
	 * Every node (but one that is cut off) rejects the token once etcd answers it.
	 */
	private void assertStaleEverywhere(FencingToken token, TestNode except) {
		for (TestNode node : this.nodes) {
			if (node != except) {
				await().atMost(TTL.multipliedBy(5))
					.untilAsserted(() -> assertThatExceptionOfType(FencingException.class)
						.isThrownBy(() -> node.coordinator().verify(token)));
			}
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

	/**
	 * A node: its coordinator, its client, its proxies (one per member) and its events.
	 */
	record TestNode(EtcdLeaderCoordinator coordinator, Client client, List<TcpProxy> proxies,
			List<LeadershipEvent> events) {

		static TestNode start(TestEtcd etcd, String nodeId, String group, String namespace, Duration ttl,
				Duration renew, Duration retry) {
			List<TcpProxy> proxies = new ArrayList<>();
			for (TestEtcdMember member : etcd.members()) {
				proxies.add(new TcpProxy("127.0.0.1", member.clientPort()));
			}
			Client client = Client.builder()
				.endpoints(proxies.stream().map((proxy) -> "http://127.0.0.1:" + proxy.port()).toArray(String[]::new))
				.loadBalancerPolicy("pick_first")
				.build();
			List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
			EtcdLeaderCoordinator coordinator = EtcdLeaderCoordinator.builder(client)
				.nodeId(nodeId)
				.namespace(namespace)
				.groups(group)
				.listener(events::add)
				.leaseDuration(ttl)
				.renewInterval(renew)
				.retryInterval(retry)
				.requestTimeout(Duration.ofSeconds(1))
				.build();
			coordinator.start();
			return new TestNode(coordinator, client, proxies, events);
		}

		FencingToken token() {
			return this.coordinator.token(this.coordinator.groups().iterator().next()).orElseThrow();
		}

		List<Long> granted() {
			return this.events.stream()
				.filter(LeadershipGrantedEvent.class::isInstance)
				.map((event) -> event.getToken().value())
				.toList();
		}

		void cut() {
			this.proxies.forEach(TcpProxy::cut);
		}

		void freeze() {
			this.proxies.forEach(TcpProxy::freeze);
		}

		void heal() {
			this.proxies.forEach(TcpProxy::heal);
		}

		void stop() {
			this.coordinator.stop();
			this.client.close();
			this.proxies.forEach(TcpProxy::close);
		}

	}

}
