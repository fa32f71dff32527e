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

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.leader.LeadershipListener;
import dev.leader.engine.PlacementPolicy;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestEtcd;
import dev.leader.test.contract.LeaderCoordinatorContractTests.Node;
import dev.leader.test.contract.PlacementBalanceContractTests;

/**
 * Balancing groups over etcd nodes (one real etcd member). The lease duration becomes the
 * etcd lease's TTL. Every node is a {@link ProxiedEtcdNode}: a crash cuts its proxy. Each
 * test has a namespace of its own.
 */
class PlacementBalanceEtcdTests extends PlacementBalanceContractTests {

	private static TestEtcd etcd;

	private String namespace = "";

	@BeforeAll
	static void startEtcd() {
		TestEtcd.assumeAvailable();
		etcd = TestEtcd.startMember();
	}

	@AfterAll
	static void stopEtcd() {
		if (etcd != null) {
			etcd.close();
		}
	}

	@Override
	protected void prepareStore() {
		TestEtcd.assumeAvailable();
		this.namespace = "/balance-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	protected Node startNode(String nodeId, List<String> groups, PlacementPolicy placement, LeaseTimings timings,
			LeadershipListener listener) {
		return startNode(nodeId, Set.of(), groups, placement, timings, listener);
	}

	@Override
	protected Node startNode(String nodeId, Set<String> tags, List<String> groups, PlacementPolicy placement,
			LeaseTimings timings, LeadershipListener listener) {
		return ProxiedEtcdNode.start(etcd, nodeId, timings,
				(builder) -> builder.namespace(this.namespace)
					.groups(groups.toArray(String[]::new))
					.placement(placement)
					.nodeTags(tags)
					.listener(listener));
	}

}
