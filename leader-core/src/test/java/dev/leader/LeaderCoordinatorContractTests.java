package dev.leader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.lease.LeaseTimings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every {@link LeaderCoordinator} must show, whatever its store: one leader
 * per group, strictly increasing tokens, verification, yield, graceful and crash
 * handover. A store's suite extends this class and says how to start, stop and crash a
 * node.
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

	protected String group;

	/**
	 * A running node of the cluster under test.
	 */
	public interface Node {

		LeaderCoordinator coordinator();

		/** Shut down gracefully, releasing leases. */
		void stop();

		/**
		 * Die without releasing anything and without stepping down (connections vanish).
		 */
		void crash();

	}

	/** Prepare the store; skip when it is not available. */
	protected abstract void prepareStore();

	/**
	 * Start a node campaigning for {@code group}.
	 * @param nodeId the node id
	 * @param timings lease timings
	 * @param group the group
	 * @param listener receives the node's leadership events
	 * @return the started node
	 */
	protected abstract Node startNode(String nodeId, LeaseTimings timings, String group, LeadershipListener listener);

	@BeforeEach
	void prepare() {
		prepareStore();
		this.group = "group-" + UUID.randomUUID();
	}

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(Node::stop);
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

	@Test
	void yieldOnAFollowerDoesNothing() {
		List<Node> cluster = startCluster(2, FAST, new CopyOnWriteArrayList<>());
		Node leader = awaitLeader(cluster);
		Node follower = cluster.get((cluster.indexOf(leader) + 1) % 2);
		assertThat(follower.coordinator().yield(this.group)).isFalse();
		assertThat(follower.coordinator().yield("never-joined")).isFalse();
		assertThat(leader.coordinator().isLeader(this.group)).isTrue();
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

	private static List<Long> granted(List<LeadershipEvent> events) {
		return events.stream()
			.filter(LeadershipGrantedEvent.class::isInstance)
			.map((event) -> event.getToken().value())
			.toList();
	}

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

}
