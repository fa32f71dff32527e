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

package dev.leader.bench;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leader.bench.FailoverBenchmark.Mode;
import dev.leader.bench.FailoverBenchmark.Trial;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness works: one crash-failover trial of this starter on PostgreSQL with a short
 * lease, three node JVMs, a result and a chart; and one rebalance trial (a join and a
 * crash) with a few groups and short placement delays. The benchmarks themselves run only
 * through {@code leader-benchmarks/bin/*}.
 */
class BenchmarkSmokeTests {

	@TempDir
	Path results;

	@Test
	void oneCrashFailoverTrialProducesAResultAndAChart() {
		TestDatabase.POSTGRESQL.assumeAvailable();
		BenchConfig config = BenchConfig
			.parse(List.of("--peers=starter-jdbc", "--lease=1000", "--renew=300", "--retry=100", "--trials=1",
					"--jdbc-url=" + TestDatabase.POSTGRESQL.url("test"), "--results=" + this.results));
		try (Stores stores = new Stores(config.jdbcUrl(), config.zookeeperTick())) {
			stores.prepareDatabase();
			List<Trial> trials = new FailoverBenchmark(config, stores, this.results.resolve("logs"))
				.run(Peer.STARTER_JDBC, Mode.CRASH, 1);
			assertThat(trials).singleElement().satisfies((trial) -> {
				assertThat(trial.millis()).as("failover of %s", trial).isPositive();
				assertThat(trial.successor()).isNotEqualTo(trial.stopped());
				assertThat(trial.overlap()).isZero();
			});
			ResultFiles files = new ResultFiles(this.results);
			files.writeTrials(Mode.CRASH, trials);
			Report report = new Report(files);
			assertThat(report.tables()).anySatisfy((line) -> assertThat(line).startsWith("| this starter"));
			report.chart(this.results.resolve("failover.png"), "smoke test");
			assertThat(this.results.resolve("failover.png")).isNotEmptyFile();
		}
	}

	@Test
	void oneRebalanceTrialEndsWithAnEvenSplitAfterTheJoinAndAfterTheCrash() {
		TestDatabase.POSTGRESQL.assumeAvailable();
		BenchConfig config = BenchConfig.parse(List.of("--peers=starter-jdbc", "--lease=1000", "--renew=300",
				"--retry=100", "--trials=1", "--groups=6", "--settle-timeout=60000",
				"--node-properties=leader.placement.settle-delay=500ms;leader.placement.backup-delay=300ms",
				"--jdbc-url=" + TestDatabase.POSTGRESQL.url("test"), "--results=" + this.results));
		try (Stores stores = new Stores(config.jdbcUrl(), config.zookeeperTick())) {
			stores.prepareDatabase();
			List<RebalanceBenchmark.Trial> trials = new RebalanceBenchmark(config, stores, this.results.resolve("logs"))
				.run(Peer.STARTER_JDBC, 6);
			assertThat(trials).extracting(RebalanceBenchmark.Trial::phase).containsExactly("join", "crash");
			assertThat(trials).allSatisfy((trial) -> {
				assertThat(trial.millis()).as("time to an even split in %s", trial).isPositive();
				assertThat(trial.moves()).as("moves in %s", trial).isGreaterThanOrEqualTo(trial.fewestMoves());
			});
			assertThat(trials.get(0).splitBefore()).isEqualTo("6/0/0");
			assertThat(trials.get(0).splitAfter()).isEqualTo("2/2/2");
			assertThat(trials.get(0).even()).isTrue();
			ResultFiles files = new ResultFiles(this.results);
			files.writeRebalance(trials);
			assertThat(new Report(files).tables()).anySatisfy((line) -> assertThat(line).contains("| join |"));
		}
	}

}
