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

package dev.leader.docs.zookeeper;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leader.zookeeper.ZookeeperLeaderCoordinator;

/**
 * The ZooKeeper coordinator without Spring Boot (docs/zookeeper-store.md).
 */
public class PlainZookeeperLeader {

	private static final Logger log = LoggerFactory.getLogger(PlainZookeeperLeader.class);

	void run() {
		CuratorFramework client = CuratorFrameworkFactory.builder()
			.connectString("zk1:2181,zk2:2181,zk3:2181")
			.sessionTimeoutMs(10_000)
			.connectionTimeoutMs(5_000)
			.retryPolicy(new ExponentialBackoffRetry(1_000, 3))
			.build();
		ZookeeperLeaderCoordinator coordinator = ZookeeperLeaderCoordinator.builder(client)
			.root("/leader") // default
			.groups("billing")
			.listener((event) -> log.info("{}", event))
			.build();
		coordinator.start(); // starts the client if it was not
		// ... the same calls as with LeaseCoordinator
		coordinator.stop(); // hands over at once; the client stays open
		client.close();
	}

}
