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
