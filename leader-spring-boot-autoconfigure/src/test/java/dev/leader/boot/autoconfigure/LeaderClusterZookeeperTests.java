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

package dev.leader.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.context.ConfigurableApplicationContext;

import dev.leader.test.TestDatabase;
import dev.leader.test.TestZookeeper;

/**
 * The same three application nodes, switched to ZooKeeper (an in-process curator-test
 * server) by properties alone: the lease becomes the session timeout, the ticks still go
 * to H2, and killing the leader's store connection expires its ZooKeeper session.
 */
class LeaderClusterZookeeperTests extends LeaderClusterContractTests {

	private static TestingServer zookeeper;

	private String root;

	@BeforeAll
	static void startZookeeper() {
		zookeeper = TestZookeeper.startServer();
	}

	@AfterAll
	static void stopZookeeper() throws IOException {
		zookeeper.close();
	}

	@BeforeEach
	void newRoot() {
		this.root = "/cluster-" + UUID.randomUUID();
	}

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected String databaseNow() {
		return "CURRENT_TIMESTAMP";
	}

	@Override
	protected List<String> storeProperties(Duration lease) {
		return List.of("leader.zookeeper.connect-string=" + zookeeper.getConnectString(),
				"leader.zookeeper.root=" + this.root, "leader.zookeeper.session-timeout=" + lease.toMillis() + "ms",
				"leader.zookeeper.connection-timeout=" + lease.dividedBy(2).toMillis() + "ms");
	}

	@Override
	protected void killStoreConnection(ConfigurableApplicationContext node) throws Exception {
		KillSession.kill(node.getBean(CuratorFramework.class).getZookeeperClient().getZooKeeper());
	}

}
