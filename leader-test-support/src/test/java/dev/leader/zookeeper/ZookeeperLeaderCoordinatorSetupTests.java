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

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderStoreException;
import dev.leader.Lease;
import dev.leader.test.TestZookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Building the ZooKeeper coordinator, the token node's format, a client that cannot
 * connect, and a client with a namespace.
 */
class ZookeeperLeaderCoordinatorSetupTests {

	private static final Duration SESSION = Duration.ofSeconds(2);

	@Test
	void builderRefusesBadInput() {
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> ZookeeperLeaderCoordinator.builder(null))
			.withMessage("A CuratorFramework is required");
		CuratorFramework client = TestZookeeper.client("127.0.0.1:1", SESSION, Duration.ofMillis(100));
		ZookeeperLeaderCoordinator.Builder builder = ZookeeperLeaderCoordinator.builder(client);
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.root("leader"))
			.withMessage("ZooKeeper root 'leader' must be an absolute path, such as '/leader'");
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.root("/a//b"))
			.withMessageContaining("ZooKeeper root '/a//b' is not a valid ZooKeeper path");
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.nodeId("my node"))
			.withMessageContaining("Node id 'my node' is invalid");
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> builder.groups("ok", "not ok"))
			.withMessageContaining("Group name 'not ok' is invalid");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> builder.retryInterval(Duration.ZERO))
			.withMessageContaining("retry-interval must be positive");
		try (ZookeeperLeaderCoordinator coordinator = builder.root("/apps/billing/").build()) {
			assertThat(coordinator.root()).isEqualTo("/apps/billing");
			assertThat(coordinator.store()).isEqualTo("zookeeper");
			assertThat(coordinator.isRunning()).isFalse();
			assertThat(coordinator.nodeId()).contains("-" + ProcessHandle.current().pid() + "-");
		}
		try (ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client).build()) {
			assertThat(coordinator.root()).isEqualTo("/leader");
		}
	}

	@Test
	void tokenNodeReadsWhatItWrites() {
		TokenNode granted = TokenNode.INITIAL.next("node-a#0a1b2c3d", "_c_x-lock-0000000003", 10_000);
		assertThat(granted.value()).isEqualTo(1);
		assertThat(granted.holder()).isEqualTo("node-a");
		assertThat(granted.holderInstance()).isEqualTo("node-a#0a1b2c3d");
		assertThat(TokenNode.decode(granted.encode())).isEqualTo(granted);
		assertThat(TokenNode.decode(TokenNode.INITIAL.encode())).isEqualTo(TokenNode.INITIAL);
		assertThat(new String(granted.encode(), StandardCharsets.UTF_8)).isEqualTo("token=1\nholder=node-a\n"
				+ "instance=node-a#0a1b2c3d\nelection-node=_c_x-lock-0000000003\nsession-timeout-ms=10000\n");
		assertThat(TokenNode.decode(granted.next("node-b#00000000", "_c_y-lock-0000000004", 4000).encode()).value())
			.isEqualTo(2);
		assertThat(TokenNode.decode(TokenNode.released(41).encode()).next("node-c#00000001", "_c_z", 1).value())
			.isEqualTo(42);
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> TokenNode.decode("garbage".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("not a token node");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new TokenNode(Long.MAX_VALUE, "a", "a#00000000", "b", 1).next("c#00000000", "d", 1))
			.withMessageContaining("cannot advance");
	}

	@Test
	void tokenNodeOfThePreviousVersionNamesItsNodeIdAsHolder() {
		TokenNode previous = TokenNode
			.decode("token=7\nholder=node-a\nelection-node=_c_x-lock-0000000003\nsession-timeout-ms=10000\n"
				.getBytes(StandardCharsets.UTF_8));
		assertThat(previous.value()).isEqualTo(7);
		assertThat(previous.instance()).isNull();
		assertThat(previous.holderInstance()).isEqualTo("node-a");
		assertThat(previous.next("node-b#0a1b2c3d", "_c_y-lock-0000000004", 4000).value()).isEqualTo(8);
	}

	@Test
	void withoutAConnectionNothingLeadsAndVerifyFails() {
		CuratorFramework client = TestZookeeper.client("127.0.0.1:1", SESSION, Duration.ofMillis(100));
		try (ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client)
			.nodeId("node-a")
			.groups("billing")
			.build()) {
			coordinator.start();
			assertThat(coordinator.isLeader("billing")).isFalse();
			// Another node's token can be neither confirmed nor refuted...
			assertThatExceptionOfType(LeaderStoreException.class)
				.isThrownBy(() -> coordinator.verify(new FencingToken("billing", 3, "node-b")))
				.withMessageContaining("node-a is not connected to ZooKeeper");
			// ...and a token of this node is refuted locally.
			assertThatExceptionOfType(FencingException.class)
				.isThrownBy(() -> coordinator.verify(new FencingToken("billing", 3, coordinator.instanceId())))
				.withMessageContaining(
						"node node-a (instance " + coordinator.instanceId() + ") no longer leads group 'billing'");
			// A token of another instance with this node id needs the round trip.
			assertThatExceptionOfType(LeaderStoreException.class)
				.isThrownBy(() -> coordinator.verify(new FencingToken("billing", 3, "node-a")));
		}
		finally {
			client.close();
		}
	}

	@Test
	void namespacedClientKeepsEverythingUnderItsNamespace() throws Exception {
		try (TestingServer server = TestZookeeper.startServer()) {
			CuratorFramework client = TestZookeeper.client(server.getConnectString(), SESSION, Duration.ofMillis(100));
			client.start();
			try (ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator
				.builder(client.usingNamespace("apps"))
				.nodeId("node-a")
				.groups("billing")
				.build()) {
				coordinator.start();
				await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
				FencingToken token = coordinator.token("billing").orElseThrow();
				coordinator.verify(token);
				Lease lease = coordinator.lease("billing").orElseThrow();
				assertThat(lease.activeToken()).hasValue(token);
				assertThat(client.checkExists().forPath("/apps/leader/billing/token")).isNotNull();
				assertThat(client.getChildren().forPath("/apps/leader/billing/election")).hasSize(1);
				coordinator.yield("billing");
				await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("billing"));
				assertThatExceptionOfType(FencingException.class).isThrownBy(() -> coordinator.verify(token));
				assertThat(coordinator.token("billing").orElseThrow().value()).isEqualTo(token.value() + 1);
				coordinator.stop();
				Lease released = coordinator.lease("billing").orElseThrow();
				assertThat(released.holder()).isNull();
				assertThat(released.isActive()).isFalse();
				assertThat(released.token()).isEqualTo(token.value() + 1);
			}
			finally {
				client.close();
			}
		}
	}

}
