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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import dev.leader.bench.FailoverBenchmark.Mode;
import dev.leader.bench.FailoverBenchmark.Trial;
import dev.leader.bench.LoadBenchmark.Result;

/**
 * The harness's command line: {@code failover} (crash, SIGKILL), {@code handover}
 * (graceful, SIGTERM), {@code pause} (SIGSTOP, then SIGCONT once a successor ran),
 * {@code load} (store load and footprint), {@code rebalance} (time to spread the groups
 * after a join and after a crash), {@code report} (tables and chart from the saved
 * results). Settings as {@code --name=value}, see {@link BenchConfig}.
 *
 * @author leader-spring-boot-starter
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		Locale.setDefault(Locale.ROOT);
		if (args.length == 0) {
			System.err.println("usage: Benchmarks failover|handover|pause|load|rebalance|report [--name=value ...]");
			System.exit(2);
		}
		String command = args[0];
		BenchConfig config = BenchConfig.parse(Arrays.asList(args).subList(1, args.length), switch (command) {
			case "load" -> BenchConfig.LOAD_PEERS;
			case "rebalance" -> BenchConfig.REBALANCE_PEERS;
			default -> BenchConfig.PEERS;
		});
		ResultFiles files = new ResultFiles(config.results());
		Path logs = config.results().resolve("logs");
		if (command.equals("report")) {
			report(config, files);
			return;
		}
		Stores stores = new Stores(config.jdbcUrl(), config.zookeeperTick());
		stores.prepareDatabase();
		List<String> environment = new ArrayList<>(Environment.describe(config.jdbcUrl()));
		environment.add("settings: " + config.describe());
		environment.add("peers: " + config.peers().stream().map(Peer::id).toList());
		environment.add("load average at start: " + Environment.loadAverage());
		System.out.println(String.join("\n", environment));
		try (stores) {
			switch (command) {
				case "failover" -> failover(config, files, stores, logs, Mode.CRASH);
				case "handover" -> failover(config, files, stores, logs, Mode.GRACEFUL);
				case "pause" -> failover(config, files, stores, logs, Mode.PAUSE);
				case "load" -> load(config, files, stores, logs);
				case "rebalance" -> rebalance(config, files, stores, logs);
				default -> throw new IllegalArgumentException("Unknown command " + command);
			}
		}
		environment.add("load average at end: " + Environment.loadAverage());
		files.append(config.results().resolve("environment-" + command + ".txt"), environment);
		report(config, files);
		System.exit(0);
	}

	private static void failover(BenchConfig config, ResultFiles files, Stores stores, Path logs, Mode mode) {
		FailoverBenchmark benchmark = new FailoverBenchmark(config, stores, logs);
		for (Peer peer : config.peers()) {
			System.out.println(mode.title() + ": " + peer.title() + " (load " + Environment.loadAverage() + ")");
			List<Trial> trials = benchmark.run(peer, mode, config.trials());
			files.writeTrials(mode, trials);
		}
	}

	private static void load(BenchConfig config, ResultFiles files, Stores stores, Path logs) {
		LoadBenchmark benchmark = new LoadBenchmark(config, stores, logs);
		for (Peer peer : config.peers()) {
			List<Result> results = new ArrayList<>();
			for (int groups : config.groupCounts()) {
				System.out.println("store load: " + peer.title() + ", " + groups + " groups (load "
						+ Environment.loadAverage() + ")");
				try {
					results.add(benchmark.run(peer, groups));
				}
				catch (RuntimeException ex) {
					// Recorded, and the other peers and group counts still run
					String failure = peer.id() + ", " + groups + " groups: " + ex;
					System.out.println("  failed: " + failure);
					files.append(config.results().resolve("load-failures.txt"),
							List.of(failure + " (load " + Environment.loadAverage() + ")"));
				}
			}
			files.writeLoad(results);
		}
	}

	private static void rebalance(BenchConfig config, ResultFiles files, Stores stores, Path logs) {
		RebalanceBenchmark benchmark = new RebalanceBenchmark(config, stores, logs);
		for (Peer peer : config.peers()) {
			for (int groups : config.groupCounts()) {
				System.out.println("rebalance: " + peer.title() + ", " + groups + " groups (load "
						+ Environment.loadAverage() + ")");
				files.writeRebalance(benchmark.run(peer, groups));
			}
		}
	}

	private static void report(BenchConfig config, ResultFiles files) throws Exception {
		Report report = new Report(files);
		List<String> tables = report.tables();
		files.write(config.results().resolve("tables.md"), tables);
		System.out.println(String.join("\n", tables));
		Path png = config.chart();
		if (Files.exists(files.failover(Mode.CRASH)) || Files.exists(files.failover(Mode.GRACEFUL))) {
			report.chart(png,
					"3 nodes per peer on one machine; lease / lock TTL / session timeout " + config.lease().toMillis()
							+ " ms; job tick " + config.failoverTick().toMillis()
							+ " ms; box = quartiles, bar = median, whiskers = min..max, dots = trials");
			System.out.println("chart: " + png.toAbsolutePath());
		}
	}

}
