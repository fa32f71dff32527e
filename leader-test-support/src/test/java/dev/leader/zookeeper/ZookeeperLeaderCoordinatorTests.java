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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;
import dev.leader.LeadershipConflict.Believer;
import dev.leader.LeadershipConflict.Kind;
import dev.leader.LeadershipListener;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestZookeeper;
import dev.leader.test.contract.LeaderCoordinatorContractTests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The coordinator contract over ZooKeeper (an in-process curator-test server). The lease
 * duration becomes the session timeout. Every node has its own Curator client, connected
 * through its own TCP proxy: a crash cuts the proxy, so the node's connection vanishes
 * without closing its session, which the server expires after the session timeout.
 */
class ZookeeperLeaderCoordinatorTests extends LeaderCoordinatorContractTests {

	private static TestingServer server;

	@BeforeAll
	static void startServer() {
		server = TestZookeeper.startServer();
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.close();
	}

	@Override
	protected void prepareStore() {
	}

	/**
	 * A record that believes in the leader's token beyond any handover (a twin on a
	 * frozen clock, say) is found by every node; the rightful leader keeps its group.
	 */
	@Test
	void twoBelieversAreFoundByEveryNodeWhileTheRightfulLeaderKeepsItsGroup() throws Exception {
		List<Node> cluster = startCluster(2, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		FencingToken token = leader.coordinator().token(this.group).orElseThrow();
		String ghost = "/contract/.members/ghost#0123456789abcdef";
		try (CuratorFramework client = TestZookeeper.client(server.getConnectString(), FAST)) {
			client.start();
			client.create()
				.creatingParentContainersIfNeeded()
				.forPath(ghost, (this.group + "=" + token.value()).getBytes(StandardCharsets.UTF_8));
			try {
				for (Node node : cluster) {
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(node.coordinator().conflicts()).anySatisfy((conflict) -> {
							assertThat(conflict.kind()).isEqualTo(Kind.TWO_BELIEVERS);
							assertThat(conflict.group()).isEqualTo(this.group);
							assertThat(conflict.storeToken()).isEqualTo(token.value());
							assertThat(conflict.believers()).containsExactlyInAnyOrder(
									new Believer("ghost#0123456789abcdef", token.value()),
									new Believer(leader.coordinator().instanceId(), token.value()));
						}));
				}
				await().during(Duration.ofMillis(1000))
					.atMost(Duration.ofSeconds(10))
					.until(() -> leader.coordinator().token(this.group).equals(Optional.of(token)));
			}
			finally {
				client.delete().forPath(ghost);
			}
		}
		// Found on purpose: the contract's check for findings must not fail this test.
		cluster.forEach(Node::stop);
		forgetFindings();
	}

	@Override
	protected Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener,
			Consumer<String> beforeRelease) {
		TcpProxy proxy = new TcpProxy("127.0.0.1", server.getPort());
		CuratorFramework client = TestZookeeper.client("127.0.0.1:" + proxy.port(), timings);
		ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client)
			.nodeId(nodeId)
			.root("/contract")
			.groups(group)
			.listener(listener)
			.beforeRelease(beforeRelease)
			.retryInterval(timings.retryInterval())
			.build();
		coordinator.start();
		return Node.of(coordinator, () -> {
			client.close();
			proxy.close();
		}, proxy::cut);
	}

}
