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

package dev.leader.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.leader.LeaderConfigurationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Placement}: the balancing rule, one move at a time, the settle delay,
 * weights, preferred nodes and the delays before acquiring, on snapshots as a store
 * returns them.
 *
 * @author leader-spring-boot-starter
 */
class PlacementTests {

	private static final Duration SETTLE = Duration.ofSeconds(5);

	private static final Duration BACKUP = Duration.ofSeconds(2);

	private static final Duration COOL_DOWN = Duration.ofSeconds(30);

	private static final String SELF = "n1#00000001";

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	private final FakeNode node = new FakeNode();

	@Test
	void shareIsTheCeilingOfTheWeightOverTheLiveCampaigningNodes() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		this.node.campaign(groups(50));
		placement.apply(snapshot(Map.of(), "n2#1", 50, "n3#1", 50, "n4#1", 50, "n5#1", 50), SELF);
		assertThat(placement.state().liveNodes()).isEqualTo(5);
		assertThat(placement.state().share()).isEqualTo(10);
		assertThat(placement.state().otherNodes()).containsExactly("n2", "n3", "n4", "n5");
	}

	@Test
	void theNodeIsToldWhenItNoLongerLeavesFreeGroupsToOthersByItsLoad() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		List<String> groups = groups(9);
		this.node.campaign(groups);
		this.node.lead(groups.subList(0, 3));
		placement.apply(snapshot(Map.of(), "n2#1", 9), SELF);
		assertThat(this.node.roomOpened).as("the first snapshot: under its share").isZero();
		Map<String, String> heldByOthers = Map.of("g-3", "n2#1", "g-4", "n2#1", "g-5", "n2#1", "g-6", "n3#1", "g-7",
				"n3#1", "g-8", "n3#1");
		placement.apply(snapshot(heldByOthers, "n2#1", 9, "n3#1", 9), SELF);
		placement.apply(snapshot(heldByOthers, "n2#1", 9, "n3#1", 9), SELF);
		assertThat(this.node.roomOpened).as("at its share of three").isZero();
		Map<String, String> n3Gone = Map.of("g-3", "n2#1", "g-4", "n2#1", "g-5", "n2#1");
		placement.apply(snapshot(n3Gone, "n2#1", 9), SELF);
		assertThat(this.node.roomOpened).as("n3 left: share 5").isOne();
		placement.apply(snapshot(Map.of("g-3", "n2#1"), "n2#1", 9), SELF);
		assertThat(this.node.roomOpened).as("n2 leads less").isOne();
		placement.apply(snapshot(n3Gone, "n2#1", 9), SELF);
		assertThat(this.node.roomOpened).as("n2 leads as much again").isEqualTo(2);
		placement.apply(snapshot(n3Gone, "n2#1", 9), SELF);
		assertThat(this.node.roomOpened).as("nothing changed").isEqualTo(2);
	}

	@Test
	void nodesThatCampaignForNothingDoNotCount() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		this.node.campaign(groups(9));
		placement.apply(snapshot(Map.of(), "n2#1", 9, "n3#1", 0, "n4#1", 0), SELF);
		assertThat(placement.state().liveNodes()).isEqualTo(2);
		assertThat(placement.state().share()).isEqualTo(5);
	}

	@Test
	void aNodeAboveItsShareYieldsOneGroupAtATimeAfterTheSettleDelay() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		List<String> groups = groups(10);
		this.node.campaign(groups);
		this.node.lead(groups);
		Map<String, String> holders = holders(groups, SELF);
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		assertThat(this.node.yielded).isEmpty();
		this.nanos.addAndGet(SETTLE.toNanos() - 1);
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		assertThat(this.node.yielded).isEmpty();
		this.nanos.addAndGet(1);
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		assertThat(this.node.yielded).hasSize(1);
		String moved = this.node.yielded.get(0);
		assertThat(placement.state().moving()).isEqualTo(moved);
		// Not taken over yet: nothing else moves.
		this.node.leading.remove(moved);
		holders.remove(moved);
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		assertThat(this.node.yielded).hasSize(1);
		// Taken over: the next group moves at once, the surplus having lasted.
		holders.put(moved, "n2#1");
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		assertThat(this.node.yielded).hasSize(2).doesNotHaveDuplicates();
	}

	@Test
	void aNodeAtItsShareOrWithoutAReceiverWithRoomKeepsItsGroups() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		List<String> groups = groups(10);
		this.node.campaign(groups);
		this.node.lead(groups.subList(0, 6));
		Map<String, String> holders = holders(groups.subList(0, 6), SELF);
		holders.putAll(holders(groups.subList(6, 10), "n2#1"));
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		this.nanos.addAndGet(SETTLE.toNanos() * 2);
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		// 6 of 10 over 2 nodes: above the share of 5, but n2 leads 4 and has room for 1.
		assertThat(this.node.yielded).hasSize(1);
		this.node.yielded.clear();
		this.node.leading.remove(groups.get(0));
		holders.put(groups.get(0), "n2#1");
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		this.nanos.addAndGet(SETTLE.toNanos() * 2);
		placement.apply(snapshot(holders, "n2#1", 10), SELF);
		assertThat(this.node.yielded).isEmpty();
		assertThat(placement.state().load()).isEqualTo(5);
	}

	@Test
	void aNodeNeverYieldsItselfBelowItsShare() {
		Placement placement = placement(
				new PlacementPolicy(true, Map.of("heavy", 5), 0, SETTLE, BACKUP, COOL_DOWN, Map.of()));
		this.node.campaign(List.of("heavy", "light-1", "light-2", "light-3"));
		this.node.lead(List.of("heavy", "light-1"));
		// Weight 8 over 2 nodes: share 4; load 6, surplus 2: only a light group fits.
		Map<String, String> holders = holders(List.of("heavy", "light-1"), SELF);
		placement.apply(snapshot(holders, "n2#1", 8), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders, "n2#1", 8), SELF);
		assertThat(this.node.yielded).containsExactly("light-1");
	}

	@Test
	void aSingleGroupIsNeverYieldedForBalance() {
		Placement placement = placement(
				new PlacementPolicy(true, Map.of("heavy", 5), 0, SETTLE, BACKUP, COOL_DOWN, Map.of()));
		this.node.campaign(List.of("heavy"));
		this.node.lead(List.of("heavy"));
		placement.apply(snapshot(holders(List.of("heavy"), SELF), "n2#1", 5, "n3#1", 5), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders(List.of("heavy"), SELF), "n2#1", 5, "n3#1", 5), SELF);
		assertThat(this.node.yielded).isEmpty();
	}

	@Test
	void aNodeAtItsShareWaitsTheBackupDelayBeforeAcquiring() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		List<String> groups = groups(4);
		this.node.campaign(groups);
		assertThat(placement.acquisitionDelayNanos("g-3")).as("before the first exchange").isZero();
		this.node.lead(groups.subList(0, 2));
		Map<String, String> holders = holders(groups.subList(0, 2), SELF);
		holders.put("g-2", "n2#1");
		placement.apply(snapshot(holders, "n2#1", 4), SELF);
		assertThat(placement.acquisitionDelayNanos("g-3")).as("at its share").isEqualTo(BACKUP.toNanos());
		this.node.leading.remove("g-1");
		assertThat(placement.acquisitionDelayNanos("g-3")).as("room, and no node leads less").isZero();
		holders.remove("g-2");
		placement.apply(snapshot(holders, "n2#1", 4), SELF);
		assertThat(placement.acquisitionDelayNanos("g-3")).as("another node leads less").isEqualTo(BACKUP.toNanos());
	}

	@Test
	void aNodeThatGaveAGroupUpStaysBehindForTheCoolDown() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		this.node.campaign(groups(4));
		placement.apply(snapshot(Map.of(), "n2#1", 4), SELF);
		placement.gaveUp("g-0");
		assertThat(placement.acquisitionDelayNanos("g-0")).isEqualTo(2 * BACKUP.toNanos());
		assertThat(placement.acquisitionDelayNanos("g-1")).isZero();
		this.nanos.addAndGet(COOL_DOWN.toNanos());
		assertThat(placement.acquisitionDelayNanos("g-0")).isZero();
	}

	@Test
	void aNodeThatGaveAGroupUpAndCampaignsAloneTakesItBackAtOnce() {
		Placement placement = placement(PlacementPolicy.DEFAULTS);
		this.node.campaign(groups(4));
		placement.apply(snapshot(Map.of()), SELF);
		placement.gaveUp("g-0");
		assertThat(placement.acquisitionDelayNanos("g-0")).as("no other node campaigns").isZero();
		placement.apply(snapshot(Map.of(), "n2#1", 4), SELF);
		assertThat(placement.acquisitionDelayNanos("g-0")).as("another node campaigns").isEqualTo(2 * BACKUP.toNanos());
	}

	@Test
	void aGroupMovesToALivePreferredNodeAfterTheSettleDelay() {
		PlacementPolicy policy = new PlacementPolicy(true, Map.of(), 0, SETTLE, BACKUP, COOL_DOWN,
				Map.of("billing", Set.of("n2")));
		Placement placement = placement(policy);
		this.node.campaign(List.of("billing"));
		this.node.lead(List.of("billing"));
		Map<String, String> holders = holders(List.of("billing"), SELF);
		placement.apply(snapshot(holders, "n3#1", 1), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders, "n3#1", 1), SELF);
		assertThat(this.node.yielded).as("no preferred node is live").isEmpty();
		assertThat(placement.acquisitionDelayNanos("billing")).isZero();
		placement.apply(snapshot(holders, "n2#1", 1), SELF);
		assertThat(this.node.yielded).isEmpty();
		assertThat(placement.acquisitionDelayNanos("billing")).isEqualTo(BACKUP.toNanos());
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders, "n2#1", 1), SELF);
		assertThat(this.node.yielded).containsExactly("billing");
	}

	@Test
	void aPreferredNodeKeepsItsPreferredGroupsAboveItsShare() {
		PlacementPolicy policy = new PlacementPolicy(true, Map.of(), 0, SETTLE, BACKUP, COOL_DOWN,
				Map.of("g-0", Set.of("n1"), "g-1", Set.of("n1")));
		Placement placement = placement(policy);
		List<String> groups = groups(2);
		this.node.campaign(groups);
		this.node.lead(groups);
		placement.apply(snapshot(holders(groups, SELF), "n2#1", 2), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders(groups, SELF), "n2#1", 2), SELF);
		assertThat(this.node.yielded).isEmpty();
		assertThat(placement.acquisitionDelayNanos("g-0")).isZero();
	}

	@Test
	void aGroupMovesToALiveNodeCarryingAPreferredTagAfterTheSettleDelay() {
		Placement placement = placement(preferring("billing", "region-a"), Set.of("region-b"), Eligibility.ANY);
		this.node.campaign(List.of("billing"));
		this.node.lead(List.of("billing"));
		Map<String, String> holders = holders(List.of("billing"), SELF);
		placement.apply(snapshot(holders, "n2#1", tagged(1, "region-b"), "n3#1", 1), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders, "n2#1", tagged(1, "region-b"), "n3#1", 1), SELF);
		assertThat(this.node.yielded).as("no live node carries the tag (n3 publishes none: an earlier version)")
			.isEmpty();
		assertThat(placement.acquisitionDelayNanos("billing")).isZero();
		placement.apply(snapshot(holders, "n2#1", tagged(1, "role-x", "region-a")), SELF);
		assertThat(this.node.yielded).as("within the settle delay").isEmpty();
		assertThat(placement.acquisitionDelayNanos("billing")).isEqualTo(BACKUP.toNanos());
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders, "n2#1", tagged(1, "role-x", "region-a")), SELF);
		assertThat(this.node.yielded).containsExactly("billing");
	}

	@Test
	void aNodeCarryingAPreferredTagKeepsTheGroupAndDoesNotWait() {
		Placement placement = placement(preferring("billing", "region-a"), Set.of("region-a"), Eligibility.ANY);
		this.node.campaign(List.of("billing", "other"));
		this.node.lead(List.of("billing", "other"));
		Map<String, String> holders = holders(List.of("billing", "other"), SELF);
		placement.apply(snapshot(holders, "n2#1", tagged(2, "region-a")), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders, "n2#1", tagged(2, "region-a")), SELF);
		// Above its share of 1, it hands over the group it is not preferred for.
		assertThat(this.node.yielded).containsExactly("other");
		assertThat(placement.acquisitionDelayNanos("billing")).isZero();
	}

	@Test
	void preferredEntriesMatchANodeIdOrATag() {
		PlacementPolicy policy = preferring("billing", "node-7", "region-a");
		assertThat(policy.prefers("billing", "node-7", Set.of())).isTrue();
		assertThat(policy.prefers("billing", "node-8", Set.of("region-a", "batch"))).isTrue();
		assertThat(policy.prefers("billing", "node-8", Set.of("region-b"))).isFalse();
		assertThat(policy.prefers("reports", "node-7", Set.of("region-a"))).as("no preferred entries").isFalse();
	}

	@Test
	void aPreferredEntryMustBeNonBlankWithoutSurroundingSpaces() {
		assertThatExceptionOfType(LeaderConfigurationException.class).isThrownBy(() -> preferring("billing", " eu"))
			.withMessageContaining(
					"Invalid leader.placement.groups.billing.preferred: ' eu' must be a node id or a " + "node tag");
		assertThat(preferring("billing", "zone eu/west #1").preferredNodes("billing")).as("any other tag is fine")
			.containsExactly("zone eu/west #1");
	}

	@Test
	void aPreferredNodeThatMayNotLeadTheGroupDoesNotCount() {
		// Only nodes tagged region-b may lead the group; this one is.
		Eligibility byTags = new Eligibility() {

			@Override
			public Optional<String> refusal(String nodeId, String group) {
				return Optional.empty();
			}

			@Override
			public Optional<String> refusal(String nodeId, Set<String> nodeTags, String group) {
				return nodeTags.contains("region-b") ? Optional.empty() : Optional.of("not in region-b");
			}

		};
		Placement placement = placement(preferring("billing", "region-a"), Set.of("region-b"), byTags);
		this.node.campaign(List.of("billing"));
		this.node.lead(List.of("billing"));
		Map<String, String> holders = holders(List.of("billing"), SELF);
		placement.apply(snapshot(holders, "n2#1", tagged(1, "region-a")), SELF);
		this.nanos.addAndGet(SETTLE.toNanos() * 2);
		placement.apply(snapshot(holders, "n2#1", tagged(1, "region-a")), SELF);
		assertThat(this.node.yielded).isEmpty();
		assertThat(placement.acquisitionDelayNanos("billing")).isZero();
	}

	@Test
	void withBalancingOffNothingMovesAndNothingWaits() {
		Placement placement = placement(PlacementPolicy.NONE);
		List<String> groups = groups(10);
		this.node.campaign(groups);
		this.node.lead(groups);
		placement.apply(snapshot(holders(groups, SELF), "n2#1", 10), SELF);
		this.nanos.addAndGet(SETTLE.toNanos());
		placement.apply(snapshot(holders(groups, SELF), "n2#1", 10), SELF);
		assertThat(this.node.yielded).isEmpty();
		assertThat(placement.acquisitionDelayNanos("g-0")).isZero();
		assertThat(placement.state().balancing()).isFalse();
	}

	private Placement placement(PlacementPolicy policy) {
		Placement placement = new Placement(policy, "n1", this.node, this.nanos::get);
		placement.start(Duration.ofMillis(500));
		return placement;
	}

	private Placement placement(PlacementPolicy policy, Set<String> tags, Eligibility eligibility) {
		Placement placement = new Placement(policy, "n1", tags, eligibility, this.node, this.nanos::get);
		placement.start(Duration.ofMillis(500));
		return placement;
	}

	private static BeliefBoard.Member tagged(long weight, String... tags) {
		return new BeliefBoard.Member(weight, Set.of(tags), -1);
	}

	private static PlacementPolicy preferring(String group, String... entries) {
		return new PlacementPolicy(true, Map.of(), 0, SETTLE, BACKUP, COOL_DOWN, Map.of(group, Set.of(entries)));
	}

	private static List<String> groups(int count) {
		List<String> groups = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			groups.add("g-" + i);
		}
		return groups;
	}

	private static Map<String, String> holders(List<String> groups, String instance) {
		Map<String, String> holders = new HashMap<>();
		groups.forEach((group) -> holders.put(group, instance));
		return holders;
	}

	/**
	 * A snapshot with the given holders and other members: instance, weight (or
	 * {@link BeliefBoard.Member}) pairs.
	 */
	private static BeliefBoard.Snapshot snapshot(Map<String, String> holders, Object... members) {
		Map<String, BeliefBoard.Member> weights = new HashMap<>();
		for (int i = 0; i < members.length; i += 2) {
			weights.put((String) members[i], (members[i + 1] instanceof BeliefBoard.Member member) ? member
					: new BeliefBoard.Member(((Number) members[i + 1]).longValue(), Set.of(), -1));
		}
		Map<String, Long> tokens = new HashMap<>();
		holders.keySet().forEach((group) -> tokens.put(group, 1L));
		return new BeliefBoard.Snapshot(Map.of(), tokens, holders, weights, Set.of());
	}

	private static final class FakeNode implements Placement.Node {

		private final Set<String> campaigning = new LinkedHashSet<>();

		private final Set<String> leading = new LinkedHashSet<>();

		private final List<String> yielded = new ArrayList<>();

		private int roomOpened;

		void campaign(List<String> groups) {
			this.campaigning.addAll(groups);
		}

		void lead(List<String> groups) {
			this.leading.addAll(groups);
		}

		@Override
		public Set<String> campaigning() {
			return Set.copyOf(this.campaigning);
		}

		@Override
		public boolean leads(String group) {
			return this.leading.contains(group);
		}

		@Override
		public void yieldToMove(String group) {
			this.yielded.add(group);
		}

		@Override
		public void roomOpened() {
			this.roomOpened++;
		}

	}

}
