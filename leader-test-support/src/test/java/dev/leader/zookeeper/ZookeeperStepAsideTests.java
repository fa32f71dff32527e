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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.engine.PlacementPolicy;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestZookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Balancing on ZooKeeper's queued election: a node the placement asks to wait steps aside
 * in a group's election instead of taking the group, and still takes it when nobody with
 * room does, after the backup delay (the moves themselves are counted by
 * {@link PlacementBalanceZookeeperTests}).
 */
class ZookeeperStepAsideTests {

	private static final LeaseTimings TIMINGS = new LeaseTimings(Duration.ofSeconds(2), Duration.ofMillis(500),
			Duration.ofMillis(250));

	private static final Duration BACKUP_DELAY = Duration.ofMillis(600);

	/** Balancing with a capacity of one group per node. */
	private static final PlacementPolicy CAPACITY_ONE = new PlacementPolicy(true, Map.of(), 1, Duration.ofSeconds(1),
			BACKUP_DELAY, Duration.ofSeconds(5), Map.of());

	private static TestingServer server;

	private final List<ZookeeperLeaderCoordinator> coordinators = new ArrayList<>();

	private final List<CuratorFramework> clients = new ArrayList<>();

	private String root = "";

	@BeforeAll
	static void startServer() {
		server = TestZookeeper.startServer();
	}

	@AfterAll
	static void stopServer() throws Exception {
		server.close();
	}

	@BeforeEach
	void newRoot() {
		this.root = "/step-aside-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void stopNodes() {
		this.coordinators.forEach(ZookeeperLeaderCoordinator::stop);
		this.clients.forEach(CuratorFramework::close);
	}

	@Test
	void aGroupNobodyHasRoomForIsTakenAfterTheNodesSteppedAsideTwice() {
		List<String> groups = List.of("step-aside-a", "step-aside-b", "step-aside-c");
		ZookeeperLeaderCoordinator first = start("node-a", groups);
		await().atMost(Duration.ofSeconds(10)).until(() -> groups.stream().allMatch(first::isLeader));
		ZookeeperLeaderCoordinator second = start("node-b", groups);
		ZookeeperLeaderCoordinator third = start("node-c", groups);
		// A capacity of one each: balancing gives every node one group.
		List<ZookeeperLeaderCoordinator> nodes = List.of(first, second, third);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> nodes.stream().allMatch((node) -> groups.stream().filter(node::isLeader).count() == 1));
		String freed = groups.stream().filter(third::isLeader).findFirst().orElseThrow();
		long token = third.token(freed).orElseThrow().value();
		long stoppedAt = System.nanoTime();
		third.stop();
		// The other two nodes are at their capacity: each steps aside when granted the
		// group, and once more when granted it again with nobody having taken it; the
		// next grant takes it.
		await().atMost(BACKUP_DELAY.multipliedBy(2).plus(TIMINGS.renewInterval().multipliedBy(4)))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> first.isLeader(freed) || second.isLeader(freed));
		assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
			.isGreaterThanOrEqualTo(BACKUP_DELAY.multipliedBy(2));
		ZookeeperLeaderCoordinator leader = first.isLeader(freed) ? first : second;
		assertThat(leader.token(freed).orElseThrow().value()).isGreaterThan(token);
	}

	private ZookeeperLeaderCoordinator start(String name, List<String> groups) {
		CuratorFramework client = TestZookeeper.client(server.getConnectString(), TIMINGS);
		this.clients.add(client);
		ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client)
			.nodeId(name + "-" + UUID.randomUUID().toString().substring(0, 8))
			.root(this.root)
			.groups(groups.toArray(String[]::new))
			.placement(CAPACITY_ONE)
			.retryInterval(TIMINGS.retryInterval())
			.build();
		this.coordinators.add(coordinator);
		coordinator.start();
		return coordinator;
	}

}
