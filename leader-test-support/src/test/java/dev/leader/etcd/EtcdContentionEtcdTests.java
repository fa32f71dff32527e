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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderStoreException;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Five coordinators contend for one group on a 3-member etcd cluster for 20 s while a
 * driver makes random leaders yield and cuts random nodes off for a while (their leases
 * expire). The history is checked afterwards: every granted token unique and each node's
 * grants increasing; at every sample at most one node believed it led, and the tokens
 * sampled over time never went back; no verification of a token succeeded after a
 * verification of a greater token had completed.
 */
class EtcdContentionEtcdTests {

	private static final Duration RUN = Duration.ofSeconds(20);

	private static final int NODES = 5;

	private final long seed = System.nanoTime();

	private final Random random = new Random(this.seed);

	private final List<EtcdClusterFailureEtcdTests.TestNode> nodes = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final List<Verified> verified = new CopyOnWriteArrayList<>();

	private final List<Long> sampledTokens = new CopyOnWriteArrayList<>();

	private final String group = "contention-" + UUID.randomUUID();

	private ScheduledExecutorService sampler;

	private ScheduledExecutorService workers;

	private TestEtcd etcd;

	private int yields;

	private int cuts;

	@BeforeEach
	void setUp() {
		this.etcd = TestEtcd.startCluster(3);
		this.sampler = Executors.newSingleThreadScheduledExecutor();
		this.workers = Executors.newScheduledThreadPool(NODES);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.sampler.shutdownNow();
		this.workers.shutdownNow();
		this.workers.awaitTermination(10, TimeUnit.SECONDS);
		this.nodes.forEach(EtcdClusterFailureEtcdTests.TestNode::heal);
		this.nodes.forEach(EtcdClusterFailureEtcdTests.TestNode::stop);
		this.etcd.close();
	}

	@Test
	void contendingNodesKeepTokensUniqueAndIncreasingAndLeadershipsDisjoint() {
		for (int i = 0; i < NODES; i++) {
			this.nodes.add(EtcdClusterFailureEtcdTests.TestNode.start(this.etcd, "node-" + i, this.group, "/contention",
					Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofMillis(100)));
		}
		this.sampler.scheduleWithFixedDelay(this::sample, 0, 2, TimeUnit.MILLISECONDS);
		for (EtcdClusterFailureEtcdTests.TestNode node : this.nodes) {
			this.workers.scheduleWithFixedDelay(() -> work(node), 0, 20, TimeUnit.MILLISECONDS);
		}
		long end = System.nanoTime() + RUN.toNanos();
		Set<EtcdClusterFailureEtcdTests.TestNode> cut = new HashSet<>();
		while (System.nanoTime() - end < 0) {
			Optional<EtcdClusterFailureEtcdTests.TestNode> leader = await().atMost(Duration.ofSeconds(15))
				.until(() -> this.nodes.stream().filter((node) -> node.coordinator().isLeader(this.group)).findFirst(),
						Optional::isPresent);
			if (this.random.nextInt(4) == 0 && cut.size() < 2) {
				EtcdClusterFailureEtcdTests.TestNode victim = leader.get();
				victim.cut();
				cut.add(victim);
				this.cuts++;
			}
			else {
				leader.get().coordinator().yield(this.group);
				this.yields++;
			}
			if (!cut.isEmpty() && this.random.nextBoolean()) {
				EtcdClusterFailureEtcdTests.TestNode healed = cut.iterator().next();
				healed.heal();
				cut.remove(healed);
			}
			await().pollDelay(Duration.ofMillis(100 + this.random.nextInt(400))).until(() -> true);
		}
		this.sampler.shutdownNow();
		this.workers.shutdownNow();

		List<Long> granted = new ArrayList<>();
		for (EtcdClusterFailureEtcdTests.TestNode node : this.nodes) {
			assertThat(node.granted()).as("grants of %s (seed %d)", node.coordinator().nodeId(), this.seed)
				.isSorted()
				.doesNotHaveDuplicates();
			granted.addAll(node.granted());
		}
		assertThat(granted).as("tokens granted (seed %d)", this.seed).doesNotHaveDuplicates().hasSizeGreaterThan(20);
		assertThat(this.sampledTokens).as("tokens sampled over time (seed %d)", this.seed).isSorted();
		checkVerifications();
		assertThat(this.violations).as("violations (seed %d)", this.seed).isEmpty();
		assertThat(this.verified).as("successful verifications").hasSizeGreaterThan(100);
		assertThat(this.cuts).as("cuts").isPositive();
		// Yields and cut-off leaders are ordinary handovers for the duplicate-leader
		// check.
		assertThat(this.nodes).flatExtracting((node) -> node.coordinator().conflicts())
			.as("duplicate-leader findings")
			.isEmpty();
		System.out.println("etcd contention: " + granted.size() + " grants, " + this.yields + " yields, " + this.cuts
				+ " cuts, " + this.verified.size() + " verified writes, " + this.sampledTokens.size()
				+ " token changes sampled (seed " + this.seed + ")");
	}

	private void sample() {
		List<FencingToken> believed = this.nodes.stream()
			.map((node) -> node.coordinator().token(this.group))
			.flatMap(Optional::stream)
			.toList();
		if (believed.size() > 1) {
			this.violations.add("nodes leading at once: " + believed);
		}
		if (believed.size() == 1) {
			long token = believed.get(0).value();
			if (this.sampledTokens.isEmpty() || this.sampledTokens.get(this.sampledTokens.size() - 1) != token) {
				this.sampledTokens.add(token);
			}
		}
	}

	/** A guarded write: verify the token the node leads with. */
	private void work(EtcdClusterFailureEtcdTests.TestNode node) {
		Optional<FencingToken> token = node.coordinator().token(this.group);
		if (token.isEmpty()) {
			return;
		}
		long started = System.nanoTime();
		try {
			node.coordinator().verify(token.get());
			this.verified.add(new Verified(token.get().value(), started, System.nanoTime()));
		}
		catch (FencingException | LeaderStoreException ex) {
			// Stale or unreachable: nothing written.
		}
	}

	/**
	 * A token is never current again once a greater one was: no verification of a token
	 * may start after a verification of a greater token completed.
	 */
	private void checkVerifications() {
		List<Verified> all = new ArrayList<>(this.verified);
		for (Verified later : all) {
			for (Verified earlier : all) {
				if (earlier.token() > later.token() && earlier.ended() < later.started()) {
					this.violations.add("token " + later.token() + " verified after token " + earlier.token());
					return;
				}
			}
		}
	}

	private record Verified(long token, long started, long ended) {

	}

}
