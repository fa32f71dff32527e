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

package dev.leader.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.Identifiers;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.Lease;
import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes whose wall clocks are 10 minutes ahead or behind elect and hand over exactly as
 * nodes with true clocks do, because only the database clock times leases.
 */
abstract class JdbcClockSkewContractTests {

	private static final Duration LEASE = Duration.ofMillis(1500);

	private static final Duration SKEW = Duration.ofMinutes(10);

	private final List<HikariDataSource> pools = new ArrayList<>();

	private final List<LeaseCoordinator> coordinators = new ArrayList<>();

	private final List<LeadershipEvent> events = new CopyOnWriteArrayList<>();

	private String instance;

	private String group;

	protected abstract TestDatabase database();

	@BeforeEach
	void setUp() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		JdbcLeaseSchema.create(pool("setup"), JdbcLeaseStore.DEFAULT_TABLE_NAME);
		this.group = "skew-" + UUID.randomUUID();
	}

	@AfterEach
	void tearDown() {
		this.coordinators.forEach(LeaseCoordinator::stop);
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void skewedWallClocksChangeNeitherWhoLeadsNorWhen() {
		Map<String, Clock> clocks = Map.of("behind", Clock.offset(Clock.systemUTC(), SKEW.negated()), "ahead",
				Clock.offset(Clock.systemUTC(), SKEW), "exact", Clock.systemUTC());
		Map<String, HikariDataSource> nodePools = new java.util.HashMap<>();
		Map<String, LeaseCoordinator> nodes = new java.util.LinkedHashMap<>();
		for (String name : List.of("behind", "ahead", "exact")) {
			HikariDataSource pool = pool(name);
			nodePools.put(name, pool);
			LeaseCoordinator coordinator = LeaseCoordinator.builder(new JdbcLeaseStore(pool))
				.nodeId(name)
				.timings(LEASE, Duration.ofMillis(300), Duration.ofMillis(100))
				.clock(clocks.get(name))
				.groups(this.group)
				.listener(this.events::add)
				.build();
			this.coordinators.add(coordinator);
			nodes.put(name, coordinator);
			coordinator.start();
			if (name.equals("behind")) {
				// The node 10 minutes behind leads first; the one ahead would take over
				// at
				// once if it judged expiry by its own clock.
				await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader(this.group));
			}
		}
		await().during(LEASE.multipliedBy(3))
			.atMost(LEASE.multipliedBy(6))
			.until(() -> leaders(nodes).equals(List.of("behind")));
		assertGrantedEventTimedBy(clocks.get("behind"), "behind");

		List<String> alive = new ArrayList<>(List.of("behind", "ahead", "exact"));
		while (alive.size() > 1) {
			String leader = leaders(nodes).get(0);
			Lease before = nodes.get(leader).lease(this.group).orElseThrow();
			nodePools.get(leader).close();
			alive.remove(leader);
			String next = await().atMost(LEASE.multipliedBy(8))
				.until(() -> leaders(nodes).stream().filter(alive::contains).findFirst(), Optional::isPresent)
				.get();
			Lease after = nodes.get(next).lease(this.group).orElseThrow();
			assertThat(after.token()).isEqualTo(before.token() + 1);
			assertThat(after.acquiredAt())
				.as("%s took over from %s only after the lease expired in database time", next, leader)
				.isAfterOrEqualTo(before.expiresAt());
			assertThat(Duration.between(before.expiresAt(), after.acquiredAt())).isLessThan(SKEW.dividedBy(2));
			assertGrantedEventTimedBy(clocks.get(next), next);
		}
	}

	private void assertGrantedEventTimedBy(Clock clock, String node) {
		// The injected clock is really in use: it stamps the node's events, which are
		// delivered on the node's event thread after it starts to lead.
		LeadershipEvent granted = await().atMost(Duration.ofSeconds(5))
			.until(() -> this.events.stream()
				.filter((event) -> event instanceof LeadershipGrantedEvent
						&& Identifiers.nodeIdOf(event.getToken().holder()).equals(node))
				.reduce((first, second) -> second), Optional::isPresent)
			.orElseThrow();
		assertThat(Instant.ofEpochMilli(granted.getTimestamp())).isCloseTo(clock.instant(),
				org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MINUTES));
	}

	private List<String> leaders(Map<String, LeaseCoordinator> nodes) {
		return nodes.entrySet()
			.stream()
			.filter((node) -> node.getValue().isLeader(this.group))
			.map(Map.Entry::getKey)
			.toList();
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = database().newPool(this.instance, name);
		this.pools.add(pool);
		return pool;
	}

}
