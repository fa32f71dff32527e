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

package dev.leader.shedlock;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.Lease;
import dev.leader.jdbc.JdbcLeaseSchema;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * ShedLock's lock-provider semantics, kept by {@link LeaseLockProvider} on every
 * database, plus the fencing token every lock carries.
 */
abstract class LeaseLockProviderContractTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String instance;

	private JdbcLeaseStore store;

	private LeaseLockProvider nodeA;

	private LeaseLockProvider nodeB;

	private String name;

	protected abstract TestDatabase database();

	@BeforeEach
	void setUp() {
		database().assumeAvailable();
		this.instance = database().newInstance();
		this.store = new JdbcLeaseStore(pool("a"));
		JdbcLeaseSchema.create(this.pools.get(0), "leader_lease");
		this.nodeA = new LeaseLockProvider(this.store, "node-a");
		this.nodeB = new LeaseLockProvider(new JdbcLeaseStore(pool("b")), "node-b");
		this.name = "lock-" + UUID.randomUUID();
	}

	@AfterEach
	void tearDown() {
		assertThat(LeaderContext.current()).as("every test unlocks what it locked").isEmpty();
		this.pools.forEach(HikariDataSource::close);
	}

	@Test
	void lockIsRefusedWhileHeldByAnyNodeIncludingTheSameOne() {
		SimpleLock lock = this.nodeA.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
		assertThat(this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
		assertThat(this.nodeA.lock(config(Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
		lock.unlock();
		this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow().unlock();
	}

	@Test
	void lockAtMostForBoundsTheLockInStoreTime() {
		SimpleLock expiring = this.nodeA.lock(config(Duration.ofMillis(500), Duration.ZERO)).orElseThrow();
		assertThat(this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
		awaitInactive();
		SimpleLock next = this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
		next.unlock();
		expiring.unlock();
	}

	@Test
	void lockAtLeastForKeepsTheLockAfterUnlock() {
		SimpleLock lock = this.nodeA.lock(config(Duration.ofSeconds(30), Duration.ofMillis(800))).orElseThrow();
		lock.unlock();
		Lease held = lease();
		assertThat(held.isActive()).isTrue();
		assertThat(Duration.between(held.acquiredAt(), held.expiresAt())).isBetween(Duration.ofMillis(790),
				Duration.ofMillis(1000));
		assertThat(this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO))).isEmpty();
		awaitInactive();
		this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow().unlock();
	}

	@Test
	void unlockAfterLockAtLeastForFreesAtOnce() {
		SimpleLock lock = this.nodeA.lock(config(Duration.ofSeconds(30), Duration.ofMillis(100))).orElseThrow();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> lease().storeTime().isAfter(lease().acquiredAt().plusMillis(150)));
		lock.unlock();
		assertThat(lease().isActive()).isFalse();
		this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow().unlock();
	}

	@Test
	void extendWorksForTheCurrentHolderAndConsumesTheOldLock() {
		SimpleLock lock = this.nodeA.lock(config(Duration.ofSeconds(2), Duration.ZERO)).orElseThrow();
		Instant before = lease().expiresAt();
		SimpleLock extended = lock.extend(Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
		assertThat(lease().expiresAt()).isAfter(before.plusSeconds(20));
		assertThatIllegalStateException().isThrownBy(lock::unlock);
		assertThatIllegalStateException().isThrownBy(() -> lock.extend(Duration.ofSeconds(5), Duration.ZERO));
		extended.unlock();
		assertThatIllegalStateException().isThrownBy(extended::unlock);
		assertThat(lease().isActive()).isFalse();
	}

	@Test
	void extendFailsOnceTheLockExpiredOrChangedHands() {
		SimpleLock lock = this.nodeA.lock(config(Duration.ofMillis(400), Duration.ZERO)).orElseThrow();
		awaitInactive();
		assertThat(lock.extend(Duration.ofSeconds(30), Duration.ZERO)).isEmpty();
		assertThat(LeaderContext.current()).isEmpty();
		SimpleLock other = this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
		assertThat(lease().holder()).isEqualTo("node-b");
		other.unlock();
	}

	@Test
	void everyAcquisitionAdvancesTheTokenBoundToTheThreadUntilUnlock() {
		SimpleLock first = this.nodeA.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
		FencingToken firstToken = LeaderContext.require();
		assertThat(firstToken).isEqualTo(new FencingToken(this.name, lease().token(), "node-a"));
		first.unlock();
		assertThat(LeaderContext.current()).isEmpty();
		SimpleLock second = this.nodeA.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
		assertThat(LeaderContext.require().value()).isEqualTo(firstToken.value() + 1);
		SimpleLock extended = second.extend(Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
		assertThat(LeaderContext.require().value()).as("extend keeps the token").isEqualTo(firstToken.value() + 1);
		extended.unlock();
		assertThat(LeaderContext.current()).isEmpty();
	}

	@Test
	void theTokenGuardsWritesLikeALeaderOnlyToken() throws Exception {
		SimpleLock lock = this.nodeA.lock(config(Duration.ofMillis(500), Duration.ZERO)).orElseThrow();
		FencingToken token = LeaderContext.require();
		try (Connection connection = this.pools.get(0).getConnection()) {
			connection.setAutoCommit(false);
			this.store.guard().check(connection, token);
			connection.commit();
		}
		awaitInactive();
		SimpleLock next = this.nodeB.lock(config(Duration.ofSeconds(30), Duration.ZERO)).orElseThrow();
		try (Connection connection = this.pools.get(0).getConnection()) {
			connection.setAutoCommit(false);
			assertThatExceptionOfType(FencingException.class)
				.isThrownBy(() -> this.store.guard().check(connection, token));
			connection.rollback();
		}
		// Unlocking a lock that was lost changes nothing for the new holder, and only
		// once.
		lock.unlock();
		assertThat(lease().activeHolder()).hasValue("node-b");
		assertThatIllegalStateException().isThrownBy(lock::unlock);
		next.unlock();
	}

	@Test
	void invalidLockNamesAreRefusedClearly() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> this.nodeA
				.lock(new LockConfiguration(ClockProvider.now(), "my job", Duration.ofSeconds(10), Duration.ZERO)))
			.withMessageContaining("ShedLock lock name is not usable as a lease group: Group name 'my job' is invalid");
	}

	@Test
	void racingThreadsNeverHoldTheSameNameAtOnce() throws Exception {
		int threads = 6;
		int rounds = 40;
		List<String> names = List.of(this.name + "-1", this.name + "-2");
		Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
		names.forEach((name) -> inside.put(name, new AtomicInteger()));
		List<LeaseLockProvider> providers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			providers.add(new LeaseLockProvider(new JdbcLeaseStore(pool("racer-" + i)), "racer-" + i));
		}
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		Map<String, List<Long>> tokens = new ConcurrentHashMap<>();
		AtomicInteger overlaps = new AtomicInteger();
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> acquired = new ArrayList<>();
			for (LeaseLockProvider provider : providers) {
				acquired.add(executor.submit(() -> {
					start.await();
					int count = 0;
					for (int round = 0; round < rounds; round++) {
						String name = names.get(round % names.size());
						Optional<SimpleLock> lock = provider.lock(new LockConfiguration(ClockProvider.now(), name,
								Duration.ofSeconds(30), Duration.ZERO));
						if (lock.isPresent()) {
							if (inside.get(name).incrementAndGet() != 1) {
								overlaps.incrementAndGet();
							}
							tokens.computeIfAbsent(name, (key) -> new java.util.concurrent.CopyOnWriteArrayList<>())
								.add(LeaderContext.require().value());
							inside.get(name).decrementAndGet();
							lock.get().unlock();
							count++;
						}
					}
					return count;
				}));
			}
			start.countDown();
			int total = 0;
			for (Future<Integer> result : acquired) {
				total += result.get(60, TimeUnit.SECONDS);
			}
			assertThat(overlaps).hasValue(0);
			assertThat(total).isPositive();
			tokens.values().forEach((values) -> assertThat(values).doesNotHaveDuplicates());
			assertThat(tokens.values().stream().mapToInt(List::size).sum()).isEqualTo(total);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private LockConfiguration config(Duration atMost, Duration atLeast) {
		return new LockConfiguration(ClockProvider.now(), this.name, atMost, atLeast);
	}

	private Lease lease() {
		return this.store.read(this.name, TIMEOUT).orElseThrow();
	}

	private void awaitInactive() {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> !lease().isActive());
	}

	private HikariDataSource pool(String name) {
		HikariDataSource pool = database().newPool(this.instance, name);
		this.pools.add(pool);
		return pool;
	}

}
