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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.context.ConfigurableApplicationContext;

import dev.leader.test.TcpProxy;
import dev.leader.test.TestDatabase;
import dev.leader.test.TestEtcd;

/**
 * The same three application nodes, switched to etcd (a real etcd member) by properties
 * alone: the lease becomes the etcd lease's TTL, the ticks still go to H2. Every node
 * reaches etcd through a TCP proxy of its own; killing the leader's store connection cuts
 * its proxy, so its keep-alives stop and the cluster expires its lease after the TTL.
 */
class LeaderClusterEtcdTests extends LeaderClusterContractTests {

	private static TestEtcd etcd;

	private final Map<String, TcpProxy> proxies = new ConcurrentHashMap<>();

	private String namespace;

	@BeforeAll
	static void startEtcd() {
		etcd = TestEtcd.startMember();
	}

	@AfterAll
	static void stopEtcd() {
		if (etcd != null) {
			etcd.close();
		}
	}

	@BeforeEach
	void newNamespace() {
		this.namespace = "/cluster-" + UUID.randomUUID();
	}

	@AfterEach
	void closeProxies() {
		this.proxies.values().forEach(TcpProxy::close);
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
		TcpProxy proxy = new TcpProxy("127.0.0.1", etcd.member(0).clientPort());
		String endpoint = "http://127.0.0.1:" + proxy.port();
		this.proxies.put(endpoint, proxy);
		return List.of("leader.etcd.endpoints=" + endpoint, "leader.etcd.namespace=" + this.namespace,
				"leader.etcd.lease-duration=" + lease.toMillis() + "ms",
				"leader.etcd.renew-interval=" + lease.dividedBy(4).toMillis() + "ms",
				"leader.etcd.retry-interval=200ms", "leader.etcd.request-timeout=1s");
	}

	@Override
	protected void killStoreConnection(ConfigurableApplicationContext node) {
		this.proxies.get(node.getEnvironment().getProperty("leader.etcd.endpoints")).cut();
	}

}
