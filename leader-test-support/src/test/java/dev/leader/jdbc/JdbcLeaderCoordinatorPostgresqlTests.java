package dev.leader.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.leader.lease.LeaseTimings;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coordinator contract over the JDBC store on POSTGRESQL, and what only PostgreSQL
 * does: announce releases.
 */
class JdbcLeaderCoordinatorPostgresqlTests extends JdbcLeaderCoordinatorContractTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	/**
	 * Followers that read the lease only when it expires (30 s) and retry as rarely still
	 * take over within seconds of a graceful stop: the release is announced.
	 */
	@Test
	void gracefulStopIsAnnouncedSoFollowersThatRarelyReadTakeOverAtOnce() throws InterruptedException {
		LeaseTimings rareReads = new LeaseTimings(Duration.ofSeconds(30), Duration.ofSeconds(5),
				Duration.ofSeconds(30));
		List<Node> cluster = startCluster(3, rareReads, new CopyOnWriteArrayList<>());
		Node first = awaitLeader(cluster);
		long token = first.coordinator().token(this.group).orElseThrow().value();
		// The followers have read the lease and wait for its end (or an announcement).
		Thread.sleep(1000);
		long stopped = System.nanoTime();
		first.stop();
		List<Node> rest = new ArrayList<>(cluster);
		rest.remove(first);
		Node second = awaitLeader(rest);
		assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(5));
		assertThat(second.coordinator().token(this.group).orElseThrow().value()).isGreaterThan(token);
	}

}
