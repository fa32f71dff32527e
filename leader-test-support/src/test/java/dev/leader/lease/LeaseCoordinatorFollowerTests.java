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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.leader.test.FakeLeaseStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a follower schedules its attempts: when the lease it read expires, at once when a
 * release is announced, and every retry interval only while releases cannot be announced
 * (a store in memory whose watch the test controls).
 */
class LeaseCoordinatorFollowerTests {

	private static final Duration LEASE = Duration.ofSeconds(2);

	private static final Duration RETRY = Duration.ofMillis(100);

	private final FakeLeaseStore store = new FakeLeaseStore();

	private final List<LeaseCoordinator> coordinators = new ArrayList<>();

	@AfterEach
	void stop() {
		this.coordinators.forEach(LeaseCoordinator::stop);
	}

	/** The follower has read the lease and now waits for its end or an announcement. */
	private void awaitFirstRead() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.reads() >= 1);
	}

	@Test
	void whileReleasesAreWatchedAFollowerReadsAgainWhenTheLeaseExpires() throws InterruptedException {
		this.store.holdElsewhere("g", "other", Duration.ofMillis(1500));
		long expiresAt = System.nanoTime() + Duration.ofMillis(1500).toNanos();
		LeaseCoordinator follower = start("follower");
		Thread.sleep(1000);
		assertThat(this.store.reads()).as("reads while another node held the lease").isEqualTo(1);
		await().atMost(Duration.ofSeconds(3)).until(() -> follower.isLeader("g"));
		assertThat(Duration.ofNanos(System.nanoTime() - expiresAt))
			.as("from the lease's expiry to taking it over (retry interval %s)", RETRY)
			.isLessThan(Duration.ofMillis(400));
		assertThat(this.store.reads()).isLessThanOrEqualTo(3);
	}

	@Test
	void whileReleasesAreNotWatchedAFollowerReadsEveryRetryInterval() throws InterruptedException {
		this.store.watching(false);
		this.store.holdElsewhere("g", "other", Duration.ofSeconds(30));
		start("follower");
		Thread.sleep(1000);
		assertThat(this.store.reads()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void anAnnouncedReleaseIsTakenOverAtOnce() throws InterruptedException {
		long token = this.store.holdElsewhere("g", "other", Duration.ofSeconds(30));
		LeaseCoordinator follower = start("follower");
		awaitFirstRead();
		int reads = this.store.reads();
		assertThat(this.store.release("g", "other", token, LEASE)).isTrue();
		await().atMost(Duration.ofSeconds(1)).until(() -> follower.isLeader("g"));
		assertThat(this.store.reads() - reads).isOne();
	}

	@Test
	void whenTheWatchStopsWatchingAFollowerPollsAgain() throws InterruptedException {
		long token = this.store.holdElsewhere("g", "other", Duration.ofSeconds(30));
		LeaseCoordinator follower = start("follower");
		awaitFirstRead();
		this.store.watching(false);
		// Released without an announcement: found by polling.
		this.store.release("g", "other", token, LEASE);
		await().atMost(Duration.ofSeconds(2)).until(() -> follower.isLeader("g"));
	}

	@Test
	void whenTheWatchWatchesAgainAFollowerReadsAtOnce() throws InterruptedException {
		this.store.announcing(false);
		long token = this.store.holdElsewhere("g", "other", Duration.ofSeconds(30));
		// Polling every 2 s while not watching would not find the release within 1 s.
		LeaseCoordinator follower = LeaseCoordinator.builder(this.store)
			.nodeId("follower")
			.timings(LEASE, Duration.ofMillis(600), LEASE)
			.groups("g")
			.build();
		this.coordinators.add(follower);
		follower.start();
		awaitFirstRead();
		// A release missed while the watch was down: caught by the read made when it came
		// back, not 30 s later.
		this.store.release("g", "other", token, LEASE);
		this.store.watching(false);
		this.store.watching(true);
		await().atMost(Duration.ofSeconds(1)).until(() -> follower.isLeader("g"));
	}

	@Test
	void aYieldingNodeIgnoresTheAnnouncementOfItsOwnRelease() throws InterruptedException {
		LeaseCoordinator node = LeaseCoordinator.builder(this.store)
			.nodeId("alone")
			.timings(LEASE, Duration.ofMillis(500), Duration.ofMillis(500))
			.groups("g")
			.build();
		this.coordinators.add(node);
		node.start();
		await().atMost(Duration.ofSeconds(2)).until(() -> node.isLeader("g"));
		assertThat(node.yield("g")).isTrue();
		await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(1)).until(() -> !node.isLeader("g"));
		await().atMost(Duration.ofSeconds(3)).until(() -> node.isLeader("g"));
	}

	private LeaseCoordinator start(String nodeId) {
		LeaseCoordinator coordinator = LeaseCoordinator.builder(this.store)
			.nodeId(nodeId)
			.timings(LEASE, Duration.ofMillis(600), RETRY)
			.groups("g")
			.build();
		this.coordinators.add(coordinator);
		coordinator.start();
		return coordinator;
	}

}
