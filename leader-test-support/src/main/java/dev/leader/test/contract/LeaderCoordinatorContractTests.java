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

package dev.leader.test.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.context.Lifecycle;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipHistory;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRecord;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.RevocationReason;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobOutcome;
import dev.leader.aop.LeaderJobSkipReason;
import dev.leader.aop.LeaderOnlyInterceptor;
import dev.leader.aop.RunningLeaderJobs;
import dev.leader.lease.LeaseTimings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link LeaderCoordinator} must show, whatever its store: one leader
 * per group, strictly increasing tokens, verification, yield, graceful and crash
 * handover, restart, twins (one node id in two processes), and the leadership history
 * ({@link LeaderCoordinator#leadershipHistory()}): every grant, and the end of every
 * lease, released or inferred by the successor; and the cluster-wide pause of a group
 * ({@link LeaderCoordinator#pause(String)}). A store's suite extends this class and says
 * how to prepare the store ({@link #prepareStore()}) and how to start a node
 * ({@link #startNode(String, LeaseTimings, String, LeadershipListener, Consumer)}); each
 * node it starts can stop gracefully and crash ({@link Node}). The nodes are stopped
 * after each test.
 * <p>
 * The coordinator a node runs must be a {@link Lifecycle} (stop and start again), map the
 * lease timings to its store (the lease duration bounds how long a crashed leader keeps
 * the group) and report {@link LeaderCoordinator#lease(String) leases} with store times.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class LeaderCoordinatorContractTests {

	/** Short leases so that crash failover tests finish quickly. */
	protected static final LeaseTimings FAST = new LeaseTimings(Duration.ofMillis(1500), Duration.ofMillis(300),
			Duration.ofMillis(100));

	/**
	 * A lease far longer than any handover a test awaits, to tell release from expiry.
	 */
	protected static final LeaseTimings LONG_LEASE = new LeaseTimings(Duration.ofSeconds(30), Duration.ofSeconds(5),
			Duration.ofMillis(100));

	private final List<Node> nodes = new ArrayList<>();

	/** The group of the current test, new for every test. */
	protected String group = "";

	/**
	 * Prepare the store before each test (create its schema, connect...); skip the test
	 * (with {@code Assumptions}) when the store is not available.
	 */
	protected abstract void prepareStore();

	/**
	 * Start a node campaigning for {@code group}.
	 * @param nodeId the node id
	 * @param timings lease timings
	 * @param group the group
	 * @param listener receives the node's leadership events
	 * @return the started node
	 */
	protected Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener) {
		return startNode(nodeId, timings, group, listener, (released) -> {
		});
	}

	/**
	 * Start a node campaigning for {@code group}.
	 * @param nodeId the node id
	 * @param timings lease timings
	 * @param group the group
	 * @param listener receives the node's leadership events
	 * @param beforeRelease called on yield and stop after the node stepped down, before
	 * it releases the lease (where running work is drained)
	 * @return the started node
	 */
	protected abstract Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener,
			Consumer<String> beforeRelease);

	@BeforeEach
	void prepare() {
		prepareStore();
		this.group = "group-" + UUID.randomUUID();
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(Node::stop);
		// Crashes, yields, drains and restarts are ordinary handovers: none may look like
		// two leaders to the duplicate-leader check of a store that keeps beliefs.
		assertThat(this.nodes).flatExtracting((node) -> node.coordinator().conflicts())
			.as("duplicate-leader findings")
			.isEmpty();
	}

	/**
	 * Leave out the nodes started so far from the check, after the stop, that no
	 * duplicate leader was found: for a test of a store's own that provokes findings.
	 * @since 0.1.0
	 */
	protected void forgetFindings() {
		this.nodes.clear();
	}

	@Test
	void exactlyOneOfThreeNodesLeads() {
		List<Node> cluster = startCluster(3, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		await().during(Duration.ofMillis(FAST.leaseDuration().toMillis() * 2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> leaders(cluster).equals(List.of(leader)));
		FencingToken token = leader.coordinator().token(this.group).orElseThrow();
		assertThat(token.holder()).isEqualTo(leader.coordinator().instanceId());
		assertThat(Identifiers.nodeIdOf(token.holder())).isEqualTo(leader.coordinator().nodeId());
		for (Node node : cluster) {
			if (node != leader) {
				assertThat(node.coordinator().token(this.group)).isEmpty();
			}
		}
	}

	@Test
	void leaseShowsTheHolderAndTokenToEveryNode() {
		List<Node> cluster = startCluster(2, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		FencingToken token = leader.coordinator().token(this.group).orElseThrow();
		for (Node node : cluster) {
			Lease lease = node.coordinator().lease(this.group).orElseThrow();
			assertThat(lease.activeToken()).hasValue(token);
			assertThat(lease.expiresAt()).isAfter(lease.storeTime());
			assertThat(lease.acquiredAt()).isBeforeOrEqualTo(lease.storeTime());
		}
	}

	@Test
	void currentTokenVerifiesOnEveryNode() {
		List<Node> cluster = startCluster(2, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		FencingToken token = leader.coordinator().token(this.group).orElseThrow();
		for (Node node : cluster) {
			node.coordinator().verify(token);
		}
	}

	@Test
	void yieldHandsOverWithAHigherTokenAndTheOldOneFailsVerification() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(3, LONG_LEASE, events);
		Node first = awaitLeader(cluster);
		FencingToken old = first.coordinator().token(this.group).orElseThrow();
		assertThat(first.coordinator().yield(this.group)).isTrue();
		assertThat(first.coordinator().isLeader(this.group)).isFalse();
		Node second = await().atMost(Duration.ofSeconds(10))
			.until(() -> soleLeader(cluster), Optional::isPresent)
			.get();
		FencingToken next = second.coordinator().token(this.group).orElseThrow();
		assertThat(next.value()).isGreaterThan(old.value());
		assertThat(second).isNotSameAs(first);
		for (Node node : cluster) {
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> node.coordinator().verify(old));
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(events).anySatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (revoked) -> {
						assertThat(revoked.getToken()).isEqualTo(old);
						assertThat(revoked.getReason()).isEqualTo(RevocationReason.YIELDED);
					})));
	}

	/**
	 * Sticky yield: a node that yielded a group stays behind the others for its cool-down
	 * (30 s by default), so when the next leader yields too the group goes on to the
	 * third node, not back to the first; and a yield still hands over when every other
	 * node is cooling down.
	 */
	@Test
	void aNodeThatYieldedDoesNotWinTheGroupBackWhileAnotherCampaigns() {
		List<Node> cluster = startCluster(3, LONG_LEASE, new CopyOnWriteArrayList<>());
		Node first = awaitLeader(cluster);
		long firstToken = first.coordinator().token(this.group).orElseThrow().value();
		assertThat(first.coordinator().yield(this.group)).isTrue();
		Node second = awaitLeaderAfter(cluster, firstToken);
		long secondToken = second.coordinator().token(this.group).orElseThrow().value();
		assertThat(second.coordinator().yield(this.group)).isTrue();
		Node third = awaitLeaderAfter(cluster, secondToken);
		assertThat(third).as("the node that yielded first is cooling down").isNotSameAs(first).isNotSameAs(second);
		long thirdToken = third.coordinator().token(this.group).orElseThrow().value();
		assertThat(third.coordinator().yield(this.group)).isTrue();
		Node fourth = awaitLeaderAfter(cluster, thirdToken);
		assertThat(fourth).as("a yield hands over although the others cool down").isNotSameAs(third);
	}

	private Node awaitLeaderAfter(List<Node> cluster, long token) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> soleLeader(cluster).filter((node) -> node.coordinator()
				.token(this.group)
				.map((current) -> current.value() > token)
				.orElse(false)), Optional::isPresent)
			.get();
	}

	@Test
	void yieldOnAFollowerDoesNothing() {
		List<Node> cluster = startCluster(2, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		Node follower = cluster.get((cluster.indexOf(leader) + 1) % 2);
		assertThat(follower.coordinator().yield(this.group)).isFalse();
		assertThat(follower.coordinator().yield("never-joined")).isFalse();
		assertThat(leader.coordinator().isLeader(this.group)).isTrue();
	}

	/**
	 * A drained node hands the group over at once (release, not expiry), stays out of the
	 * election even when the group is free again, and campaigns again once resumed.
	 */
	@Test
	void drainHandsOverAndKeepsOutUntilResumed() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(2, LONG_LEASE, events);
		Node first = awaitLeader(cluster);
		Node second = cluster.get((cluster.indexOf(first) + 1) % 2);
		FencingToken old = first.coordinator().token(this.group).orElseThrow();
		assertThat(first.coordinator().drain(this.group)).isTrue();
		assertThat(first.coordinator().isLeader(this.group)).isFalse();
		assertThat(first.coordinator().drain(this.group)).as("drained already").isFalse();
		assertThat(first.coordinator().drainedGroups()).containsExactly(this.group);
		assertThat(first.coordinator().groups()).contains(this.group);
		// The lease lasts 30 s: a handover within 5 s can only come from the release.
		await().atMost(Duration.ofSeconds(5)).until(() -> second.coordinator().isLeader(this.group));
		FencingToken next = second.coordinator().token(this.group).orElseThrow();
		assertThat(next.value()).isGreaterThan(old.value());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> first.coordinator().verify(old));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(events).anySatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (revoked) -> {
						assertThat(revoked.getToken()).isEqualTo(old);
						assertThat(revoked.getReason()).isEqualTo(RevocationReason.DRAINED);
					})));
		second.stop();
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(4))
			.until(() -> !first.coordinator().isLeader(this.group));
		assertThat(first.coordinator().resume(this.group)).isTrue();
		assertThat(first.coordinator().resume(this.group)).as("resumed already").isFalse();
		assertThat(first.coordinator().drainedGroups()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.coordinator().isLeader(this.group));
		assertThat(first.coordinator().token(this.group).orElseThrow().value()).isGreaterThan(next.value());
	}

	@Test
	void drainAndResumeOfAGroupNotCampaignedForAreRefused() {
		List<Node> cluster = startCluster(1, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		assertThat(leader.coordinator().drain("never-joined")).isFalse();
		assertThat(leader.coordinator().resume("never-joined")).isFalse();
		assertThat(leader.coordinator().resume(this.group)).as("not drained").isFalse();
		assertThat(leader.coordinator().isLeader(this.group)).isTrue();
	}

	/**
	 * A group paused on one node of three: within a round no node runs the group's
	 * leader-only work (every call ends {@code SKIPPED} with reason {@code PAUSED}),
	 * while its leader keeps the lease and the token; unpaused on another node, the
	 * leader runs it again with the same token. The group is a constant, as
	 * {@code @LeaderOnly} names one, unpaused first in case an earlier run left it
	 * paused.
	 */
	@Test
	void pauseOnOneNodeStopsTheGroupsLeaderOnlyWorkOnEveryNodeWhileItsLeaderKeepsTheToken() {
		this.group = PausableJob.GROUP;
		List<Node> cluster = startCluster(3, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		cluster.get(0).coordinator().unpause(this.group);
		await().atMost(Duration.ofSeconds(5)).until(() -> cluster.stream().noneMatch((node) -> paused(node)));
		List<LeaderJobExecution> executions = new CopyOnWriteArrayList<>();
		AtomicInteger runs = new AtomicInteger();
		List<PausableJob> jobs = cluster.stream()
			.map((node) -> PausableJob.proxy(node.coordinator(), executions::add, runs))
			.toList();
		jobs.forEach(PausableJob::run);
		assertThat(runs).as("runs before the pause").hasValue(1);
		FencingToken token = leader.coordinator().token(this.group).orElseThrow();
		Node pauser = cluster.get((cluster.indexOf(leader) + 1) % 3);
		assertThat(pauser.coordinator().pause(this.group)).isTrue();
		assertThat(pauser.coordinator().pause(this.group)).as("paused already").isFalse();
		assertThat(pauser.coordinator().pausedGroups()).as("its own write, at once").contains(this.group);
		await().atMost(Duration.ofSeconds(5)).until(() -> cluster.stream().allMatch((node) -> paused(node)));
		executions.clear();
		jobs.forEach(PausableJob::run);
		assertThat(runs).as("runs while paused").hasValue(1);
		assertThat(executions).hasSize(3).allSatisfy((execution) -> {
			assertThat(execution.outcome()).isEqualTo(LeaderJobOutcome.SKIPPED);
			assertThat(execution.skipReason()).isEqualTo(LeaderJobSkipReason.PAUSED);
		});
		// The leader keeps its lease and token, past several lease durations.
		await().during(FAST.leaseDuration().multipliedBy(2))
			.atMost(Duration.ofSeconds(10))
			.until(() -> leader.coordinator().token(this.group).equals(Optional.of(token)));
		leader.coordinator().verify(token);
		Node unpauser = cluster.get((cluster.indexOf(leader) + 2) % 3);
		assertThat(unpauser.coordinator().unpause(this.group)).isTrue();
		assertThat(unpauser.coordinator().unpause(this.group)).as("unpaused already").isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> cluster.stream().noneMatch((node) -> paused(node)));
		executions.clear();
		jobs.forEach(PausableJob::run);
		assertThat(runs).as("runs after the unpause").hasValue(2);
		assertThat(executions).filteredOn((execution) -> execution.outcome() == LeaderJobOutcome.RAN)
			.singleElement()
			.satisfies((execution) -> assertThat(execution.token()).isEqualTo(token));
		assertThat(executions).filteredOn((execution) -> execution.outcome() == LeaderJobOutcome.SKIPPED)
			.extracting(LeaderJobExecution::skipReason)
			.containsExactly(LeaderJobSkipReason.NOT_LEADER, LeaderJobSkipReason.NOT_LEADER);
	}

	@Test
	void pauseOfAnInvalidGroupNameIsRefused() {
		List<Node> cluster = startCluster(1, FAST, new CopyOnWriteArrayList<>());
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> cluster.get(0).coordinator().pause("no/such group"));
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> cluster.get(0).coordinator().unpause(""));
	}

	private boolean paused(Node node) {
		return node.coordinator().isPaused(this.group) && node.coordinator().pausedGroups().contains(this.group);
	}

	@Test
	void gracefulStopHandsOverAtOnceInsteadOfAfterExpiry() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(3, LONG_LEASE, events);
		Node first = awaitLeader(cluster);
		FencingToken old = first.coordinator().token(this.group).orElseThrow();
		first.stop();
		List<Node> rest = new ArrayList<>(cluster);
		rest.remove(first);
		// The lease lasts 30 s: a handover within 5 s can only come from the release.
		Node second = await().atMost(Duration.ofSeconds(5)).until(() -> soleLeader(rest), Optional::isPresent).get();
		assertThat(second.coordinator().token(this.group).orElseThrow().value()).isGreaterThan(old.value());
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(events).anySatisfy(
					(event) -> assertThat(event).isInstanceOfSatisfying(LeadershipRevokedEvent.class, (revoked) -> {
						assertThat(revoked.getToken()).isEqualTo(old);
						assertThat(revoked.getReason()).isEqualTo(RevocationReason.SHUTDOWN);
					})));
	}

	@Test
	void crashedLeaderIsReplacedAfterItsLeaseExpiresWithAHigherToken() {
		List<Node> cluster = startCluster(3, FAST, new CopyOnWriteArrayList<>());
		Node first = awaitLeader(cluster);
		FencingToken old = first.coordinator().token(this.group).orElseThrow();
		first.crash();
		List<Node> rest = new ArrayList<>(cluster);
		rest.remove(first);
		Node second = await().atMost(Duration.ofSeconds(15)).until(() -> soleLeader(rest), Optional::isPresent).get();
		FencingToken next = second.coordinator().token(this.group).orElseThrow();
		assertThat(next.value()).isGreaterThan(old.value());
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> second.coordinator().verify(old));
	}

	@Test
	void grantedTokensStrictlyIncreaseAcrossHandovers() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(3, FAST, events);
		for (int round = 0; round < 4; round++) {
			Node leader = awaitLeader(cluster);
			leader.coordinator().yield(this.group);
		}
		awaitLeader(cluster);
		// Events are delivered on the coordinators' event threads, after the state
		// change.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(granted(events)).hasSizeGreaterThanOrEqualTo(5));
		assertThat(granted(events)).isSorted().doesNotHaveDuplicates();
	}

	/**
	 * Two processes configured with one node id (a copied configuration) are two
	 * instances: neither takes the other's unexpired lease, so leadership is granted once
	 * and stays put.
	 */
	@Test
	void twoProcessesWithOneNodeIdNeverTakeEachOthersLease() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		String twin = "twin-" + UUID.randomUUID().toString().substring(0, 8);
		List<Node> cluster = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			Node node = startNode(twin, FAST, this.group, events::add);
			this.nodes.add(node);
			cluster.add(node);
		}
		assertThat(cluster.get(0).coordinator().instanceId()).isNotEqualTo(cluster.get(1).coordinator().instanceId());
		Node leader = awaitLeader(cluster);
		await().during(Duration.ofMillis(FAST.leaseDuration().toMillis() * 5))
			.atMost(Duration.ofSeconds(20))
			.until(() -> leaders(cluster).equals(List.of(leader)));
		assertThat(granted(events)).as("grants to two instances of node %s", twin).hasSize(1);
	}

	/**
	 * A yield whose drain outlasts the retry interval (a job that ignores interrupts)
	 * still hands over: the yielding node does not campaign again before it released the
	 * lease and followers had their turn.
	 */
	@Test
	void yieldHandsOverAlthoughDrainingTakesLongerThanRetries() {
		LeaseTimings timings = new LeaseTimings(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofMillis(100));
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		CountDownLatch never = new CountDownLatch(1);
		Consumer<String> slowDrain = (released) -> {
			try {
				// A job that does not stop when interrupted, drained for 1.5 s.
				never.await(1500, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
		Node first = startNode("first-" + UUID.randomUUID().toString().substring(0, 8), timings, this.group,
				events::add, slowDrain);
		this.nodes.add(first);
		awaitLeader(List.of(first));
		Node second = startNode("second-" + UUID.randomUUID().toString().substring(0, 8), timings, this.group,
				events::add, slowDrain);
		this.nodes.add(second);
		List<Node> cluster = List.of(first, second);
		assertThat(first.coordinator().yield(this.group)).isTrue();
		await().atMost(timings.leaseDuration()).until(() -> second.coordinator().isLeader(this.group));
		await().during(timings.leaseDuration())
			.atMost(Duration.ofSeconds(10))
			.until(() -> soleLeader(cluster).isPresent());
		assertThat(second.coordinator().isLeader(this.group)).isTrue();
		assertThat(grantedTo(events, first.coordinator().instanceId())).as("grants to the yielding node").hasSize(1);
	}

	/**
	 * Spring stops and restarts the lifecycle beans of a paused context: a stopped
	 * coordinator releases its leases, and started again it campaigns as a new instance.
	 */
	@Test
	void aStoppedCoordinatorCampaignsAgainWhenRestarted() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(1, FAST, events);
		LeaderCoordinator coordinator = cluster.get(0).coordinator();
		assertThat(coordinator).isInstanceOf(Lifecycle.class);
		Lifecycle lifecycle = (Lifecycle) coordinator;
		awaitLeader(cluster);
		FencingToken first = coordinator.token(this.group).orElseThrow();
		String firstInstance = coordinator.instanceId();
		lifecycle.stop();
		assertThat(lifecycle.isRunning()).isFalse();
		assertThat(coordinator.isLeader(this.group)).isFalse();
		assertThat(coordinator.lease(this.group).orElseThrow().activeHolder()).as("released at stop").isEmpty();
		lifecycle.start();
		assertThat(lifecycle.isRunning()).isTrue();
		awaitLeader(cluster);
		FencingToken second = coordinator.token(this.group).orElseThrow();
		assertThat(second.value()).isGreaterThan(first.value());
		assertThat(coordinator.instanceId()).isNotEqualTo(firstInstance).startsWith(coordinator.nodeId() + "#");
		assertThat(second.holder()).isEqualTo(coordinator.instanceId());
		coordinator.verify(second);
		assertThatExceptionOfType(FencingException.class).isThrownBy(() -> coordinator.verify(first));
	}

	@Test
	void nodesJoinFurtherGroupsAtRunTime() {
		List<Node> cluster = startCluster(1, FAST, new CopyOnWriteArrayList<>());
		LeaderCoordinator coordinator = cluster.get(0).coordinator();
		String another = this.group + "-more";
		coordinator.campaign(another);
		assertThat(coordinator.groups()).contains(this.group, another);
		await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader(another));
	}

	@Test
	void unknownGroupIsNeitherLedNorTokened() {
		List<Node> cluster = startCluster(1, FAST, new CopyOnWriteArrayList<>());
		LeaderCoordinator coordinator = cluster.get(0).coordinator();
		assertThat(coordinator.isLeader("not-campaigned")).isFalse();
		assertThat(coordinator.token("not-campaigned")).isEmpty();
		assertThat(coordinator.lease("not-campaigned-" + UUID.randomUUID())).isEmpty();
	}

	/**
	 * The store's leadership history, read on any node, has every grant the nodes were
	 * told of, with its holder, in token order, and the end of each lease its holder
	 * released with the reason: a yield, a drain, a shutdown. Leaderships never overlap
	 * in the history's time.
	 */
	@Test
	void historyRecordsEveryGrantAndTheReasonOfEachRelease() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(3, LONG_LEASE, events);
		Node first = awaitLeader(cluster);
		assertThat(first.coordinator().yield(this.group)).isTrue();
		Node second = awaitOtherLeader(cluster, first);
		assertThat(second.coordinator().drain(this.group)).isTrue();
		Node third = awaitOtherLeader(cluster, second);
		third.stop();
		List<Node> rest = new ArrayList<>(cluster);
		rest.remove(third);
		Node fourth = awaitLeader(rest);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(granted(events)).hasSize(4));
		List<LeadershipRecord> records = history(rest.get(0));
		assertThat(records).extracting(LeadershipRecord::token).containsExactlyElementsOf(granted(events));
		assertThat(records).extracting(LeadershipRecord::instance)
			.containsExactly(first.coordinator().instanceId(), second.coordinator().instanceId(),
					third.coordinator().instanceId(), fourth.coordinator().instanceId());
		assertThat(records).extracting(LeadershipRecord::endReason)
			.containsExactly(LeadershipEnd.YIELDED, LeadershipEnd.DRAINED, LeadershipEnd.SHUTDOWN, null);
		assertThat(records.get(3).isOpen()).isTrue();
		assertThat(records.get(3).node()).isEqualTo(fourth.coordinator().nodeId());
		assertOrderedInTime(records);
		assertThat(history(rest.get(1))).as("the same on every node").isEqualTo(records);
		Instant end = Objects.requireNonNull(records.get(2).end(), "the shutdown's end");
		assertThat(rest.get(0).coordinator().leadershipHistory().orElseThrow().history(this.group, end))
			.extracting(LeadershipRecord::token)
			.containsExactly(records.get(2).token(), records.get(3).token());
	}

	/**
	 * A leader that crashes cannot record the end of its lease: its successor records the
	 * end it inferred (the lease's expiry, or the takeover), no later than its own start.
	 */
	@Test
	void historyRecordsTheEndOfACrashedLeaderAsInferredByItsSuccessor() {
		List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
		List<Node> cluster = startCluster(2, FAST, events);
		Node first = awaitLeader(cluster);
		FencingToken crashed = first.coordinator().token(this.group).orElseThrow();
		first.crash();
		List<Node> rest = new ArrayList<>(cluster);
		rest.remove(first);
		Node second = await().atMost(Duration.ofSeconds(15)).until(() -> soleLeader(rest), Optional::isPresent).get();
		FencingToken next = second.coordinator().token(this.group).orElseThrow();
		List<LeadershipRecord> records = history(second);
		assertThat(records).extracting(LeadershipRecord::token).endsWith(crashed.value(), next.value());
		LeadershipRecord ended = records.get(records.size() - 2);
		assertThat(ended.instance()).isEqualTo(crashed.holder());
		assertThat(ended.endReason()).isIn(LeadershipEnd.EXPIRED, LeadershipEnd.TAKEN_OVER);
		assertThat(ended.end()).isNotNull().isBeforeOrEqualTo(records.get(records.size() - 1).start());
		assertThat(records.get(records.size() - 1).isOpen()).isTrue();
		assertOrderedInTime(records);
	}

	private List<LeadershipRecord> history(Node node) {
		LeadershipHistory history = node.coordinator()
			.leadershipHistory()
			.orElseThrow(() -> new AssertionError(node.coordinator() + " keeps no leadership history"));
		return history.history(this.group, Instant.EPOCH);
	}

	private Node awaitOtherLeader(List<Node> cluster, Node previous) {
		return await().atMost(Duration.ofSeconds(15))
			.until(() -> soleLeader(cluster), (leader) -> leader.isPresent() && leader.get() != previous)
			.get();
	}

	private static void assertOrderedInTime(List<LeadershipRecord> records) {
		for (int i = 0; i < records.size(); i++) {
			LeadershipRecord record = records.get(i);
			if (record.end() != null) {
				assertThat(record.end()).as("end of %s", record).isAfterOrEqualTo(record.start());
			}
			if (i > 0) {
				Instant previousEnd = records.get(i - 1).end();
				assertThat(previousEnd).as("end of %s", records.get(i - 1)).isNotNull();
				assertThat(record.start()).as("start of %s after %s", record, records.get(i - 1))
					.isAfterOrEqualTo(Objects.requireNonNull(previousEnd));
			}
		}
	}

	private static List<Long> grantedTo(List<LeadershipEvent> events, String instanceId) {
		return events.stream()
			.filter(LeadershipGrantedEvent.class::isInstance)
			.filter((event) -> event.getToken().holder().equals(instanceId))
			.map((event) -> event.getToken().value())
			.toList();
	}

	private static List<Long> granted(List<LeadershipEvent> events) {
		return events.stream()
			.filter(LeadershipGrantedEvent.class::isInstance)
			.map((event) -> event.getToken().value())
			.toList();
	}

	/**
	 * Start nodes campaigning for the test's group, stopped after the test.
	 * @param size how many nodes
	 * @param timings lease timings
	 * @param events receives every node's leadership events
	 * @return the started nodes
	 */
	protected List<Node> startCluster(int size, LeaseTimings timings, List<LeadershipEvent> events) {
		List<Node> cluster = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			Node node = startNode("node-" + i + "-" + UUID.randomUUID().toString().substring(0, 8), timings, this.group,
					events::add);
			this.nodes.add(node);
			cluster.add(node);
		}
		return cluster;
	}

	/**
	 * Wait until exactly one node leads the test's group, failing as soon as two do.
	 * @param cluster the nodes
	 * @return the leader
	 */
	protected Node awaitLeader(List<Node> cluster) {
		return await().atMost(Duration.ofSeconds(15)).until(() -> soleLeader(cluster), Optional::isPresent).get();
	}

	private Optional<Node> soleLeader(List<Node> cluster) {
		List<Node> leaders = leaders(cluster);
		assertThat(leaders).as("nodes leading group %s at once", this.group).hasSizeLessThanOrEqualTo(1);
		return leaders.stream().findFirst();
	}

	private List<Node> leaders(List<Node> cluster) {
		return cluster.stream().filter((node) -> node.coordinator().isLeader(this.group)).toList();
	}

	/**
	 * A leader-only job of a constant group, called through {@link LeaderOnlyInterceptor}
	 * as {@code @LeaderOnly} methods are.
	 */
	public interface PausableJob {

		/** The job's group. */
		String GROUP = "contract-pausable-job";

		/** Run the job (counts the runs). */
		void run();

		/**
		 * The job of a node, advised as the starter advises {@code @LeaderOnly} methods.
		 * @param coordinator the node's coordinator
		 * @param listener told about every call
		 * @param runs counts the calls that ran
		 * @return the advised job
		 */
		static PausableJob proxy(LeaderCoordinator coordinator, LeaderJobListener listener, AtomicInteger runs) {
			ProxyFactory factory = new ProxyFactory(new CountingJob(runs));
			factory.addInterface(PausableJob.class);
			factory.addAdvice(new LeaderOnlyInterceptor(() -> coordinator, false, new RunningLeaderJobs(), listener,
					() -> ObservationRegistry.NOOP));
			return (PausableJob) factory.getProxy(PausableJob.class.getClassLoader());
		}

	}

	/**
	 * The job's implementation.
	 */
	static final class CountingJob implements PausableJob {

		private final AtomicInteger runs;

		CountingJob(AtomicInteger runs) {
			this.runs = runs;
		}

		@Override
		@LeaderOnly(GROUP)
		public void run() {
			this.runs.incrementAndGet();
		}

	}

	/**
	 * A running node of the cluster under test.
	 */
	public interface Node {

		/**
		 * The node's coordinator, started.
		 * @return the coordinator
		 */
		LeaderCoordinator coordinator();

		/** Shut down gracefully, releasing leases. */
		void stop();

		/**
		 * Die without releasing anything and without stepping down (connections vanish).
		 */
		void crash();

		/**
		 * A node whose graceful stop stops the coordinator and then closes what it was
		 * connected through, and whose crash makes the connections vanish.
		 * @param <C> the coordinator's type
		 * @param coordinator the node's coordinator, started
		 * @param connections closed after the coordinator stopped (a pool, a client)
		 * @param crash makes the node's connections vanish without a goodbye (close a
		 * pool, cut a proxy)
		 * @return the node
		 * @since 0.1.0
		 */
		static <C extends LeaderCoordinator & Lifecycle> Node of(C coordinator, AutoCloseable connections,
				Runnable crash) {
			return new Node() {

				@Override
				public LeaderCoordinator coordinator() {
					return coordinator;
				}

				@Override
				public void stop() {
					coordinator.stop();
					try {
						connections.close();
					}
					catch (Exception ex) {
						throw new IllegalStateException("Could not close the connections of " + coordinator, ex);
					}
				}

				@Override
				public void crash() {
					crash.run();
				}

			};
		}

	}

}
