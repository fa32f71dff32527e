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

package dev.leader.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingToken;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A coordinator makes its store calls in rounds for all its groups, so that a node's
 * store traffic does not grow with the number of groups it leads or follows (H2, every
 * node with a pool of its own).
 */
class LeaseCoordinatorRoundsTests {

	private static final LeaseTimings TIMINGS = new LeaseTimings(Duration.ofMillis(1000), Duration.ofMillis(250),
			Duration.ofMillis(250));

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<LeaseCoordinator> coordinators = new ArrayList<>();

	private String instance;

	@BeforeEach
	void setUp() {
		this.instance = TestDatabase.H2.newInstance();
		JdbcLeaseSchema.create(pool("setup"), JdbcLeaseStore.DEFAULT_TABLE_NAME);
	}

	@AfterEach
	void tearDown() {
		this.coordinators.forEach(LeaseCoordinator::stop);
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void storeCallsOfANodeDoNotGrowWithItsGroups() throws InterruptedException {
		int few = callsPerNodeInTwoSeconds(1);
		int many = callsPerNodeInTwoSeconds(40);
		// Per group, 40 groups would take about 40 times the calls of one.
		assertThat(many).as("store calls of the busiest node in 2 s: %d with 1 group, %d with 40", few, many)
			.isLessThan(2 * few + 10);
	}

	/**
	 * Three nodes campaign for {@code count} groups; once every group has one leader, the
	 * store calls of the busiest node in two seconds.
	 */
	private int callsPerNodeInTwoSeconds(int count) throws InterruptedException {
		String prefix = "rounds-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		List<String> groups = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			groups.add(prefix + i);
		}
		List<CountingLeaseStore> stores = new ArrayList<>();
		List<LeaseCoordinator> nodes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			CountingLeaseStore store = new CountingLeaseStore(new JdbcLeaseStore(pool(prefix + i)));
			stores.add(store);
			nodes.add(start(store, "node-" + i, groups.toArray(String[]::new)));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> groups.stream()
				.allMatch((group) -> nodes.stream().filter((node) -> node.isLeader(group)).count() == 1));
		// Let renewals of groups acquired at different times settle into one round.
		Thread.sleep(TIMINGS.renewInterval().multipliedBy(4).toMillis());
		int[] marks = stores.stream().mapToInt((store) -> store.calls().size()).toArray();
		Thread.sleep(2000);
		int busiest = 0;
		for (int i = 0; i < stores.size(); i++) {
			List<CountingLeaseStore.Call> window = stores.get(i).callsSince(marks[i]);
			busiest = Math.max(busiest, window.size());
			// Renewals and reads cover many groups per call.
			Map<String, Integer> widest = window.stream()
				.collect(Collectors.toMap(CountingLeaseStore.Call::operation, CountingLeaseStore.Call::groups,
						Math::max));
			int led = (int) groups.stream().filter(nodes.get(i)::isLeader).count();
			if (led > 0) {
				assertThat(widest.get("renewAll")).as("groups per renewal of node %d", i).isEqualTo(led);
			}
			if (led < count) {
				assertThat(widest.get("readAll")).as("groups per read of node %d", i).isEqualTo(count - led);
			}
			assertThat(widest).doesNotContainKeys("renew", "read");
		}
		for (LeaseCoordinator node : nodes) {
			node.stop();
		}
		return busiest;
	}

	@Test
	void renewalsOfGroupsJoinedAtDifferentTimesSettleIntoOneCall() throws InterruptedException {
		CountingLeaseStore store = new CountingLeaseStore(new JdbcLeaseStore(pool("joiner")));
		String prefix = "joined-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		LeaseCoordinator node = start(store, "joiner", prefix + 0);
		for (int i = 1; i < 4; i++) {
			Thread.sleep(110);
			node.campaign(prefix + i);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> node.isLeader(prefix + 0) && node.isLeader(prefix + 1) && node.isLeader(prefix + 2)
					&& node.isLeader(prefix + 3));
		Thread.sleep(TIMINGS.renewInterval().multipliedBy(3).toMillis());
		int mark = store.calls().size();
		Thread.sleep(TIMINGS.renewInterval().multipliedBy(4).toMillis());
		List<CountingLeaseStore.Call> window = store.callsSince(mark);
		assertThat(window).isNotEmpty().allSatisfy((call) -> {
			assertThat(call.operation()).isEqualTo("renewAll");
			assertThat(call.groups()).isEqualTo(4);
		});
		assertThat(window).hasSizeLessThanOrEqualTo(5);
	}

	@Test
	void aGroupLostWhileRenewingWithOthersIsTheOnlyOneRevoked() throws Exception {
		HikariDataSource pool = pool("loser");
		String prefix = "lost-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		LeaseCoordinator node = LeaseCoordinator.builder(new JdbcLeaseStore(pool))
			.nodeId("loser")
			.timings(TIMINGS.leaseDuration(), TIMINGS.renewInterval(), TIMINGS.retryInterval())
			.groups(prefix + "a", prefix + "b", prefix + "c")
			.listener(events::add)
			.build();
		this.coordinators.add(node);
		node.start();
		List<String> groups = List.of(prefix + "a", prefix + "b", prefix + "c");
		await().atMost(Duration.ofSeconds(10)).until(() -> groups.stream().allMatch(node::isLeader));
		Map<String, FencingToken> tokens = groups.stream()
			.collect(Collectors.toMap(Function.identity(), (group) -> node.token(group).orElseThrow()));
		// Another node takes group b over behind the coordinator's back.
		try (Connection connection = pool.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("UPDATE leader_lease SET holder = 'intruder', token = token + 1, "
							+ "expires_at = DATEADD(SECOND, 60, CURRENT_TIMESTAMP) WHERE group_name = ?")) {
			statement.setString(1, prefix + "b");
			assertThat(statement.executeUpdate()).isOne();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> !node.isLeader(prefix + "b"));
		assertThat(events).filteredOn(LeadershipRevokedEvent.class::isInstance).singleElement().satisfies((event) -> {
			assertThat(event.getToken()).isEqualTo(tokens.get(prefix + "b"));
			assertThat(((LeadershipRevokedEvent) event).getReason()).isEqualTo(RevocationReason.LEASE_LOST);
		});
		await().during(TIMINGS.renewInterval().multipliedBy(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> node.token(prefix + "a").equals(Optional.of(tokens.get(prefix + "a")))
					&& node.token(prefix + "c").equals(Optional.of(tokens.get(prefix + "c"))));
	}

	private LeaseCoordinator start(LeaseStore store, String nodeId, String... groups) {
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store)
			.nodeId(nodeId)
			.timings(TIMINGS.leaseDuration(), TIMINGS.renewInterval(), TIMINGS.retryInterval())
			.groups(groups)
			.build();
		this.coordinators.add(coordinator);
		coordinator.start();
		return coordinator;
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = TestDatabase.H2.newPool(this.instance, name);
		this.pools.add(pool);
		return pool;
	}

}
