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

import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.leader.LeadershipListener;
import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestEtcd;
import dev.leader.test.contract.LeaderCoordinatorContractTests;

/**
 * The coordinator contract over etcd (one real etcd member). The lease duration becomes
 * the etcd lease's TTL. Every node is a {@link ProxiedEtcdNode}: a crash cuts its proxy.
 */
class EtcdLeaderCoordinatorEtcdTests extends LeaderCoordinatorContractTests {

	private static TestEtcd etcd;

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

	@Override
	protected void prepareStore() {
		TestEtcd.assumeAvailable();
	}

	@Override
	protected Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener,
			Consumer<String> beforeRelease) {
		return ProxiedEtcdNode.start(etcd, nodeId, timings,
				(builder) -> builder.namespace("/contract")
					.groups(group)
					.listener(listener)
					.beforeRelease(beforeRelease));
	}

}
