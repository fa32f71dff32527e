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

import java.util.function.UnaryOperator;

import io.etcd.jetcd.Client;

import dev.leader.LeaderCoordinator;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestEtcd;
import dev.leader.test.contract.LeaderCoordinatorContractTests.Node;

/**
 * A contract test's etcd node: its own jetcd client, connected through its own TCP proxy,
 * so that a crash cuts the proxy and the node's keep-alives stop without its lease being
 * revoked; the cluster then expires the lease after its TTL.
 */
final class ProxiedEtcdNode implements Node {

	private final TcpProxy proxy;

	private final Client client;

	private final EtcdLeaderCoordinator coordinator;

	private ProxiedEtcdNode(TcpProxy proxy, Client client, EtcdLeaderCoordinator coordinator) {
		this.proxy = proxy;
		this.client = client;
		this.coordinator = coordinator;
	}

	/**
	 * Start a node on the etcd member's client port.
	 * @param etcd the member
	 * @param nodeId the node id
	 * @param timings the lease timings (the lease duration is also the request timeout)
	 * @param settings the test's own settings: namespace, groups, listener, ...
	 * @return the started node
	 */
	static ProxiedEtcdNode start(TestEtcd etcd, String nodeId, LeaseTimings timings,
			UnaryOperator<EtcdLeaderCoordinator.Builder> settings) {
		TcpProxy proxy = new TcpProxy("127.0.0.1", etcd.member(0).clientPort());
		Client client = Client.builder().endpoints("http://127.0.0.1:" + proxy.port()).build();
		EtcdLeaderCoordinator coordinator = settings
			.apply(EtcdLeaderCoordinator.builder(client)
				.nodeId(nodeId)
				.timings(timings)
				.requestTimeout(timings.leaseDuration()))
			.build();
		coordinator.start();
		return new ProxiedEtcdNode(proxy, client, coordinator);
	}

	@Override
	public LeaderCoordinator coordinator() {
		return this.coordinator;
	}

	@Override
	public void stop() {
		this.coordinator.stop();
		this.client.close();
		this.proxy.close();
	}

	@Override
	public void crash() {
		this.proxy.cut();
	}

}
