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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;
import dev.leader.LeadershipConflict.Believer;
import dev.leader.LeadershipConflict.Kind;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The duplicate-leader check over etcd: each node keeps its beliefs in a key on its own
 * etcd lease, and every node compares all of them with the leader keys at one revision.
 */
class EtcdConflictDetectionEtcdTests {

	private static final String NAMESPACE = "/conflicts";

	private final String group = "conflicts-" + UUID.randomUUID();

	private final List<EtcdClusterFailureEtcdTests.TestNode> nodes = new CopyOnWriteArrayList<>();

	private TestEtcd etcd;

	@BeforeEach
	void startEtcd() {
		TestEtcd.assumeAvailable();
		this.etcd = TestEtcd.startMember();
	}

	@AfterEach
	void stopEtcd() {
		this.nodes.forEach(EtcdClusterFailureEtcdTests.TestNode::stop);
		this.etcd.close();
	}

	/**
	 * A record that believes in the leader's token beyond any handover (a twin on a
	 * frozen clock, say) is found by every node; the rightful leader keeps its group.
	 */
	@Test
	void twoBelieversAreFoundByEveryNodeWhileTheRightfulLeaderKeepsItsGroup() throws Exception {
		for (int i = 0; i < 2; i++) {
			this.nodes.add(EtcdClusterFailureEtcdTests.TestNode.start(this.etcd, "node-" + i, this.group, NAMESPACE,
					Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(200)));
		}
		EtcdClusterFailureEtcdTests.TestNode leader = await().atMost(Duration.ofSeconds(15))
			.until(() -> this.nodes.stream().filter((node) -> node.coordinator().isLeader(this.group)).findFirst(),
					Optional::isPresent)
			.orElseThrow();
		FencingToken token = leader.coordinator().token(this.group).orElseThrow();
		String ghost = "ghost#0123456789abcdef";
		try (Client client = Client.builder().endpoints(this.etcd.endpoints()).build()) {
			client.getKVClient()
				.put(bytes(NAMESPACE + "/.members/" + ghost), bytes(this.group + "=" + token.value()))
				.get();
			for (EtcdClusterFailureEtcdTests.TestNode node : this.nodes) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(node.coordinator().conflicts()).anySatisfy((conflict) -> {
						assertThat(conflict.kind()).isEqualTo(Kind.TWO_BELIEVERS);
						assertThat(conflict.group()).isEqualTo(this.group);
						assertThat(conflict.storeToken()).isEqualTo(token.value());
						assertThat(conflict.believers()).containsExactlyInAnyOrder(new Believer(ghost, token.value()),
								new Believer(leader.coordinator().instanceId(), token.value()));
					}));
			}
			await().during(Duration.ofMillis(1500))
				.atMost(Duration.ofSeconds(10))
				.until(() -> leader.coordinator().token(this.group).equals(Optional.of(token)));
			client.getKVClient().delete(bytes(NAMESPACE + "/.members/" + ghost)).get();
		}
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
