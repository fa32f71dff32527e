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

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.leader.LeadershipListener;
import dev.leader.engine.PlacementPolicy;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestZookeeper;
import dev.leader.test.contract.LeaderCoordinatorContractTests.Node;
import dev.leader.test.contract.PlacementBalanceContractTests;

/**
 * Balancing groups over ZooKeeper nodes (an in-process curator-test server). The lease
 * duration becomes the session timeout. Every node has its own Curator client, connected
 * through its own TCP proxy: a crash cuts the proxy, so the node's connection vanishes
 * without closing its session, which the server expires after the session timeout. Each
 * test has a root of its own. ZooKeeper queues the candidates of a group in their order
 * of arrival; a node the placement asks to wait steps aside in the queue, so groups move
 * as few times as where nodes race for a free group.
 */
class PlacementBalanceZookeeperTests extends PlacementBalanceContractTests {

	private static TestingServer server;

	private String root = "";

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
		this.root = "/balance-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	protected Node startNode(String nodeId, List<String> groups, PlacementPolicy placement, LeaseTimings timings,
			LeadershipListener listener) {
		return startNode(nodeId, Set.of(), groups, placement, timings, listener);
	}

	@Override
	protected Node startNode(String nodeId, Set<String> tags, List<String> groups, PlacementPolicy placement,
			LeaseTimings timings, LeadershipListener listener) {
		TcpProxy proxy = new TcpProxy("127.0.0.1", server.getPort());
		CuratorFramework client = TestZookeeper.client("127.0.0.1:" + proxy.port(), timings);
		ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client)
			.nodeId(nodeId)
			.root(this.root)
			.groups(groups.toArray(String[]::new))
			.placement(placement)
			.nodeTags(tags)
			.listener(listener)
			.retryInterval(timings.retryInterval())
			.build();
		coordinator.start();
		return Node.of(coordinator, () -> {
			client.close();
			proxy.close();
		}, proxy::cut);
	}

}
