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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.leader.bench.FailoverBenchmark.Mode;
import dev.leader.bench.FailoverBenchmark.Trial;
import dev.leader.bench.LoadBenchmark.Result;

/**
 * Markdown tables (and the chart) from the raw results.
 *
 * @author leader-spring-boot-starter
 */
final class Report {

	private final ResultFiles files;

	Report(ResultFiles files) {
		this.files = files;
	}

	List<String> tables() {
		List<String> out = new ArrayList<>();
		for (Mode mode : Mode.values()) {
			List<Trial> trials = this.files.readTrials(mode);
			if (trials.isEmpty()) {
				continue;
			}
			out.add("### " + Character.toUpperCase(mode.title().charAt(0)) + mode.title().substring(1));
			out.add("");
			out.add("| peer | trials | min ms | median ms | p95 ms | max ms | no successor | overlaps |");
			out.add("|---|---:|---:|---:|---:|---:|---:|---:|");
			for (Peer peer : Peer.values()) {
				List<Trial> mine = trials.stream().filter((trial) -> trial.peer() == peer).toList();
				if (mine.isEmpty() || peer.isShutdownVariant()) {
					continue;
				}
				List<Double> values = mine.stream().filter((t) -> t.millis() >= 0).map(Trial::millis).toList();
				Summary summary = Summary.of(values);
				out.add(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f | %d | %d |", peer.title(), mine.size(),
						summary.min(), summary.median(), summary.p95(), summary.max(), mine.size() - values.size(),
						mine.stream().mapToInt(Trial::overlap).sum()));
			}
			out.add("");
		}
		shutdownOrdering(out);
		List<Result> load = this.files.readLoad();
		if (!load.isEmpty()) {
			out.add("### Store load at steady state (3 nodes)");
			out.add("");
			out.add("| peer | groups | JDBC statements/s, cluster | per node (each) | commits/s, cluster "
					+ "| PostgreSQL transactions/s | ZooKeeper packets/s (etcd: requests/s) | groups run once |");
			out.add("|---|---:|---:|---|---:|---:|---:|---:|");
			for (Peer peer : Peer.values()) {
				for (Result result : load.stream()
					.filter((r) -> r.peer() == peer)
					.sorted((a, b) -> Integer.compare(a.groups(), b.groups()))
					.toList()) {
					boolean jdbc = peer.store() == Peer.Store.JDBC;
					out.add(String.format("| %s | %d | %s | %s | %s | %s | %s | %s |", peer.title(), result.groups(),
							jdbc ? String.format("%.1f", result.clusterStatements()) : "–",
							jdbc ? String.join(" / ",
									result.statementsPerNode().stream().map((v) -> String.format("%.1f", v)).toList())
									: "–",
							jdbc ? String.format("%.1f", result.clusterCommits()) : "–",
							jdbc ? String.format("%.1f", result.serverTransactions()) : "–",
							jdbc ? "–" : String.format("%.1f", result.zookeeperPackets()),
							(peer == Peer.SHEDLOCK) ? "n/a" : result.groupsRun() + " of " + result.groups()));
				}
			}
			out.add("");
			out.add("### Footprint per node (mean of 3 nodes, after a full GC)");
			out.add("");
			List<Integer> counts = load.stream().map(Result::groups).distinct().sorted().toList();
			StringBuilder header = new StringBuilder("| peer |");
			StringBuilder rule = new StringBuilder("|---|");
			for (int count : counts) {
				header.append(" threads, ").append(count).append(" |");
				rule.append("---:|");
			}
			for (int count : counts) {
				header.append(" heap MiB, ").append(count).append(" |");
				rule.append("---:|");
			}
			header.append(" threads per group | heap KiB per group |");
			rule.append("---:|---:|");
			out.add(header.toString());
			out.add(rule.toString());
			for (Peer peer : Peer.values()) {
				Map<Integer, Result> byCount = new TreeMap<>();
				load.stream().filter((r) -> r.peer() == peer).forEach((r) -> byCount.put(r.groups(), r));
				if (byCount.isEmpty()) {
					continue;
				}
				StringBuilder row = new StringBuilder("| " + peer.title() + " |");
				for (int count : counts) {
					Result result = byCount.get(count);
					row.append((result != null) ? String.format(" %.1f |", result.meanThreads()) : " – |");
				}
				for (int count : counts) {
					Result result = byCount.get(count);
					row.append((result != null) ? String.format(" %.1f |", result.meanHeap() / 1048576.0) : " – |");
				}
				Result first = byCount.values().iterator().next();
				Result last = Objects.requireNonNull(byCount.get(((TreeMap<Integer, Result>) byCount).lastKey()));
				int span = last.groups() - first.groups();
				if (span > 0) {
					row.append(String.format(" %.2f | %.1f |", (last.meanThreads() - first.meanThreads()) / span,
							(last.meanHeap() - first.meanHeap()) / 1024.0 / span));
				}
				else {
					row.append(" – | – |");
				}
				out.add(row.toString());
			}
			out.add("");
		}
		balancing(load, out);
		List<RebalanceBenchmark.Trial> rebalance = this.files.readRebalance();
		if (!rebalance.isEmpty()) {
			out.add("### Time to rebalance (3 nodes: two join a node that leads every group, then one is killed)");
			out.add("");
			out.addAll(RebalanceBenchmark.table(rebalance));
			out.add("");
		}
		List<String[]> jmh = this.files.rows(this.files.jmh());
		if (!jmh.isEmpty()) {
			out.add("### Per-invocation cost (JMH, average time)");
			out.add("");
			out.add("| benchmark | mode | score | error (99.9 %) | unit |");
			out.add("|---|---|---:|---:|---|");
			for (String[] row : jmh) {
				String[] cells = Arrays.stream(row).map((cell) -> cell.replace("\"", "")).toArray(String[]::new);
				String name = cells[0].substring(cells[0].lastIndexOf('.') + 1);
				out.add(String.format("| %s | %s | %s | %s | %s |", name, cells[1], round(cells[4]), round(cells[5]),
						cells[6]));
			}
			out.add("");
		}
		return out;
	}

	/**
	 * Per-node load and split of the groups, where the results have the split (runs since
	 * balancing): the store's work per node and how many groups each node led.
	 */
	private static void balancing(List<Result> load, List<String> out) {
		List<Result> withSplit = load.stream().filter((r) -> !r.groupsRunPerNode().isEmpty()).toList();
		if (withSplit.isEmpty()) {
			return;
		}
		out.add("### Per node: store work and the split of the groups (3 nodes)");
		out.add("");
		out.add("| peer | groups | busiest node, statements/s (etcd: cluster requests/s, ZooKeeper: cluster packets/s) "
				+ "| each node, statements/s | PostgreSQL transactions/s | groups led per node, start → end of window "
				+ "| groups run per node | settled after s |");
		out.add("|---|---:|---:|---|---:|---|---|---:|");
		for (Peer peer : Peer.values()) {
			for (Result result : withSplit.stream()
				.filter((r) -> r.peer() == peer)
				.sorted((a, b) -> Integer.compare(a.groups(), b.groups()))
				.toList()) {
				boolean jdbc = peer.store() == Peer.Store.JDBC;
				out.add(String.format("| %s | %d | %s | %s | %s | %s | %s | %s |", peer.title(), result.groups(),
						jdbc ? String.format("%.1f", result.maxNodeStatements())
								: String.format("%.1f", result.zookeeperPackets()),
						jdbc ? String.join(" / ",
								result.statementsPerNode().stream().map((v) -> String.format("%.1f", v)).toList())
								: "–",
						jdbc ? String.format("%.1f", result.serverTransactions()) : "–",
						result.splitStart().isEmpty() ? "–" : result.splitStart() + " → " + result.splitEnd(),
						(peer == Peer.SHEDLOCK) ? "n/a"
								: String.join("/", result.groupsRunPerNode().stream().map(String::valueOf).toList()),
						(result.settleSeconds() >= 0) ? String.format("%.1f", result.settleSeconds())
								: (peer.isStarter() && !peer.isWithoutBalance()) ? "not settled" : "–"));
			}
		}
		out.add("");
	}

	/**
	 * Graceful handover of this starter headless and in a web application, on this build
	 * and on the commit before the lifecycle change, with the time the stopped JVM took
	 * to exit.
	 */
	private void shutdownOrdering(List<String> out) {
		List<Trial> trials = this.files.readTrials(Mode.GRACEFUL);
		List<Peer> peers = List.of(Peer.STARTER_JDBC, Peer.STARTER_JDBC_BEFORE, Peer.STARTER_JDBC_WEB,
				Peer.STARTER_JDBC_WEB_BEFORE);
		if (trials.stream().noneMatch((trial) -> trial.peer().isShutdownVariant())) {
			return;
		}
		out.add("### Graceful handover: headless and web application, before and after the lifecycle change");
		out.add("");
		out.add("| nodes | trials | min ms | median ms | p95 ms | max ms | no successor | overlaps "
				+ "| stopped JVM exited after, median ms |");
		out.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		for (Peer peer : peers) {
			List<Trial> mine = trials.stream().filter((trial) -> trial.peer() == peer).toList();
			if (mine.isEmpty()) {
				continue;
			}
			List<Double> values = mine.stream().filter((t) -> t.millis() >= 0).map(Trial::millis).toList();
			List<Double> exits = mine.stream().filter((t) -> t.exitMillis() >= 0).map(Trial::exitMillis).toList();
			Summary summary = Summary.of(values);
			out.add(String.format("| %s | %d | %.0f | %.0f | %.0f | %.0f | %d | %d | %s |", peer.title(), mine.size(),
					summary.min(), summary.median(), summary.p95(), summary.max(), mine.size() - values.size(),
					mine.stream().mapToInt(Trial::overlap).sum(),
					exits.isEmpty() ? "–" : String.format("%.0f", Summary.of(exits).median())));
		}
		out.add("");
	}

	private static String round(String number) {
		try {
			double value = Double.parseDouble(number);
			return (Math.abs(value) >= 100) ? String.format("%.0f", value) : String.format("%.3f", value);
		}
		catch (NumberFormatException ex) {
			return number;
		}
	}

	void chart(Path png, String subtitle) {
		Chart.write(png, this.files.readTrials(Mode.CRASH), this.files.readTrials(Mode.GRACEFUL), subtitle);
	}

}
