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

package dev.leader.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The in-memory coordinator on its own: modes, switching, tokens, verification, events
 * and restarts.
 */
class InMemoryLeaderCoordinatorTests {

	private final List<LeadershipEvent> events = new CopyOnWriteArrayList<>();

	@Test
	void leadsEveryGroupAtOnceWhileRunning() {
		InMemoryLeaderCoordinator coordinator = builder().build();
		coordinator.campaign("a");
		assertThat(coordinator.isLeader("a")).isFalse();

		coordinator.start();
		coordinator.campaign("b");

		assertThat(coordinator.token("a")).contains(new FencingToken("a", 1, "test-node"));
		assertThat(coordinator.token("b")).contains(new FencingToken("b", 1, "test-node"));
		assertThat(coordinator.groups()).containsExactlyInAnyOrder("a", "b");
		assertThat(this.events).map(LeadershipEvent::getToken)
			.containsExactly(new FencingToken("a", 1, "test-node"), new FencingToken("b", 1, "test-node"));
		assertThat(this.events).allSatisfy((event) -> assertThat(event).isInstanceOf(LeadershipGrantedEvent.class));
	}

	@Test
	void leadsNoGroupUntilGranted() {
		InMemoryLeaderCoordinator coordinator = builder().leadNone().build();
		coordinator.campaign("a");
		coordinator.start();
		assertThat(coordinator.isLeader("a")).isFalse();
		assertThat(coordinator.lease("a")).isEmpty();
		assertThat(this.events).isEmpty();

		FencingToken token = coordinator.grant("a");

		assertThat(coordinator.token("a")).contains(token);
		assertThat(this.events).singleElement().isInstanceOf(LeadershipGrantedEvent.class);
	}

	@Test
	void leadsOnlyTheNamedGroups() {
		InMemoryLeaderCoordinator coordinator = builder().lead("a").build();
		coordinator.start();
		coordinator.campaign("a");
		coordinator.campaign("b");
		assertThat(coordinator.isLeader("a")).isTrue();
		assertThat(coordinator.isLeader("b")).isFalse();
	}

	@Test
	void grantingALedGroupKeepsItsToken() {
		InMemoryLeaderCoordinator coordinator = started("a");
		FencingToken token = coordinator.token("a").orElseThrow();
		assertThat(coordinator.grant("a")).isEqualTo(token);
		assertThat(this.events).hasSize(1);
	}

	@Test
	void revokedGroupPassesToAnotherNodeWithANewerToken() {
		InMemoryLeaderCoordinator coordinator = started("a");
		FencingToken token = coordinator.token("a").orElseThrow();

		assertThat(coordinator.revoke("a")).isTrue();

		assertThat(coordinator.isLeader("a")).isFalse();
		assertThat(coordinator.lease("a")).hasValueSatisfying((lease) -> {
			assertThat(lease.activeHolder()).contains(InMemoryLeaderCoordinator.OTHER_NODE);
			assertThat(lease.token()).isEqualTo(2);
		});
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> coordinator.verify(token))
			.withMessageContaining("current token is 2");
		assertThat(this.events).last().isInstanceOfSatisfying(LeadershipRevokedEvent.class, (event) -> {
			assertThat(event.getToken()).isEqualTo(token);
			assertThat(event.getReason()).isEqualTo(RevocationReason.LEASE_LOST);
		});
		assertThat(coordinator.revoke("a")).isFalse();
		assertThat(coordinator.grant("a").value()).isEqualTo(3);
	}

	@Test
	void yieldedGroupIsReleasedAndStaysFollowed() {
		InMemoryLeaderCoordinator coordinator = started("a");
		FencingToken token = coordinator.token("a").orElseThrow();

		assertThat(coordinator.yield("a")).isTrue();

		assertThat(coordinator.isLeader("a")).isFalse();
		assertThat(coordinator.lease("a")).hasValueSatisfying((lease) -> assertThat(lease.isActive()).isFalse());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> coordinator.verify(token))
			.withMessageContaining("released");
		assertThat(this.events).last()
			.isInstanceOfSatisfying(LeadershipRevokedEvent.class,
					(event) -> assertThat(event.getReason()).isEqualTo(RevocationReason.YIELDED));
		assertThat(coordinator.yield("a")).isFalse();
		assertThat(coordinator.grant("a").value()).isEqualTo(2);
	}

	@Test
	void fencedNodeStillBelievesItLeadsButItsTokenIsStale() {
		InMemoryLeaderCoordinator coordinator = started("a");

		FencingToken stale = coordinator.fence("a");

		assertThat(coordinator.token("a")).contains(stale);
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> coordinator.verify(stale));
		assertThat(coordinator.lease("a")).hasValueSatisfying(
				(lease) -> assertThat(lease.activeHolder()).contains(InMemoryLeaderCoordinator.OTHER_NODE));
		assertThat(this.events).hasSize(1);

		FencingToken current = coordinator.grant("a");

		assertThat(current.value()).isEqualTo(3);
		coordinator.verify(current);
		assertThat(this.events).hasSize(3);
		assertThat(this.events.get(1)).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (event) -> {
			assertThat(event.getToken()).isEqualTo(stale);
			assertThat(event.getReason()).isEqualTo(RevocationReason.LEASE_LOST);
		});
	}

	@Test
	void fencingAFollowedGroupFailsWithAMessage() {
		InMemoryLeaderCoordinator coordinator = builder().leadNone().build();
		coordinator.start();
		assertThatIllegalStateException().isThrownBy(() -> coordinator.fence("a"))
			.withMessageContaining("this node does not lead it");
	}

	@Test
	void grantingOnAStoppedCoordinatorFailsWithAMessage() {
		InMemoryLeaderCoordinator coordinator = builder().build();
		assertThatIllegalStateException().isThrownBy(() -> coordinator.grant("a")).withMessageContaining("stopped");
	}

	@Test
	void verifyingATokenOfAGroupNeverLeasedFails() {
		InMemoryLeaderCoordinator coordinator = builder().build();
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> coordinator.verify(new FencingToken("a", 1, "test-node")))
			.withMessageContaining("never leased");
	}

	@Test
	void stopReleasesEveryGroupAndStartLeadsThemAgainWithNewerTokens() {
		InMemoryLeaderCoordinator coordinator = started("a", "b");

		coordinator.stop();

		assertThat(coordinator.isRunning()).isFalse();
		assertThat(coordinator.isLeader("a")).isFalse();
		assertThat(this.events).filteredOn(LeadershipRevokedEvent.class::isInstance)
			.hasSize(2)
			.allSatisfy((event) -> assertThat(((LeadershipRevokedEvent) event).getReason())
				.isEqualTo(RevocationReason.SHUTDOWN));
		coordinator.stop();
		assertThat(this.events).hasSize(4);

		coordinator.start();
		coordinator.start();

		assertThat(coordinator.token("a")).hasValueSatisfying((token) -> assertThat(token.value()).isEqualTo(2));
		assertThat(coordinator.token("b")).hasValueSatisfying((token) -> assertThat(token.value()).isEqualTo(2));
		assertThat(this.events).hasSize(6);
	}

	@Test
	void keepsWhatATestSwitchedAcrossARestart() {
		InMemoryLeaderCoordinator coordinator = started("a", "b");
		coordinator.revoke("a");
		coordinator.stop();
		coordinator.start();
		assertThat(coordinator.isLeader("a")).isFalse();
		assertThat(coordinator.isLeader("b")).isTrue();
	}

	@Test
	void resetReturnsEveryGroupToTheModeWithCurrentTokens() {
		InMemoryLeaderCoordinator coordinator = builder().lead("a", "b").build();
		coordinator.start();
		coordinator.campaign("a");
		coordinator.campaign("b");
		coordinator.campaign("c");
		coordinator.revoke("a");
		FencingToken stale = coordinator.fence("b");
		coordinator.grant("c");

		coordinator.reset();

		assertThat(coordinator.isLeader("a")).isTrue();
		assertThat(coordinator.token("b")).hasValueSatisfying((token) -> {
			assertThat(stale.isOlderThan(token)).isTrue();
			coordinator.verify(token);
		});
		assertThat(coordinator.isLeader("c")).isFalse();
	}

	@Test
	void resetOfAStoppedCoordinatorAppliesAtStart() {
		InMemoryLeaderCoordinator coordinator = started("a");
		coordinator.revoke("a");
		coordinator.stop();
		coordinator.reset();
		assertThat(coordinator.isLeader("a")).isFalse();
		coordinator.start();
		assertThat(coordinator.isLeader("a")).isTrue();
	}

	private InMemoryLeaderCoordinator started(String... groups) {
		InMemoryLeaderCoordinator coordinator = builder().build();
		for (String group : groups) {
			coordinator.campaign(group);
		}
		coordinator.start();
		return coordinator;
	}

	private InMemoryLeaderCoordinator.Builder builder() {
		return InMemoryLeaderCoordinator.builder().listener(this.events::add);
	}

}
