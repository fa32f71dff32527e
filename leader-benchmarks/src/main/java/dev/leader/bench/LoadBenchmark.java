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
import java.util.List;
import java.util.Map;

/**
 * Store load and footprint at steady state: three nodes of a peer campaign for (or lock)
 * {@code n} groups, each group's job firing every load tick on every node. After a
 * warm-up, the harness reads every node's counters at the start and the end of a window:
 * JDBC statements and commits counted by each node's wrapped {@code DataSource}, and the
 * benchmark database's transactions from {@code pg_stat_database} (ZooKeeper peers:
 * packets received by the server, pings included; etcd peers: gRPC messages received by
 * the member, from its {@code /metrics}). At the end each node reports its live threads
 * and its heap after a full GC. For this starter's peers with balancing on, the warm-up
 * lasts at least until balancing settled (every group led, no node above its share
 * {@code ceil(n / 3)}) or {@code settle-timeout} passed, with balancing off until every
 * group has a leader; every starter peer reports how many groups each node leads at the
 * start and the end of the window.
 *
 * @author leader-spring-boot-starter
 */
final class LoadBenchmark {

	private final BenchConfig config;

	private final Stores stores;

	private final Path logs;

	LoadBenchmark(BenchConfig config, Stores stores, Path logs) {
		this.config = config;
		this.stores = stores;
		this.logs = logs;
	}

	Result run(Peer peer, int groups) {
		this.stores.resetDatabase();
		try (Cluster cluster = new Cluster(peer, this.config, this.stores, groups, this.config.loadTick(), false,
				this.logs.resolve(peer.id() + "-load-" + groups))) {
			List<NodeProcess> nodes = cluster.start(3);
			long ready = System.nanoTime();
			FailoverBenchmark.sleep(this.config.warmup());
			double settled = -1;
			String splitStart = "";
			if (peer.isStarter()) {
				Split split = Split.of(nodes, groups);
				long deadline = System.nanoTime() + this.config.settleTimeout().toNanos();
				if (!peer.isWithoutBalance()) {
					while (!split.isSettled() && System.nanoTime() < deadline) {
						FailoverBenchmark.sleep(java.time.Duration.ofMillis(250));
						split = Split.of(nodes, groups);
					}
					settled = (split.isSettled()) ? (System.nanoTime() - ready) / 1e9 : -1;
				}
				else {
					// Without balancing: until every group has a leader
					while (split.led() < groups && System.nanoTime() < deadline) {
						FailoverBenchmark.sleep(java.time.Duration.ofMillis(250));
						split = Split.of(nodes, groups);
					}
				}
				splitStart = split.format() + ((split.led() == groups) ? "" : " (" + split.led() + " led)");
				System.out.printf("  split at the start of the window: %s%s%n", splitStart,
						(peer.isWithoutBalance()) ? ""
								: (settled >= 0) ? String.format(" (settled after %.1f s)", settled)
										: " (not settled within the settle timeout)");
			}
			nodes.forEach((node) -> node.stats(false));
			long transactions0 = (peer.store() == Peer.Store.JDBC) ? this.stores.transactions() : 0;
			long packets0 = storeRequests(peer);
			List<Map<String, String>> start = nodes.stream().map((node) -> node.stats(false)).toList();
			long started = System.nanoTime();
			FailoverBenchmark.sleep(this.config.window());
			List<Map<String, String>> end = nodes.stream().map((node) -> node.stats(false)).toList();
			double seconds = (System.nanoTime() - started) / 1e9;
			long transactions1 = (peer.store() == Peer.Store.JDBC) ? this.stores.transactions() : 0;
			long packets1 = storeRequests(peer);
			String splitEnd = peer.isStarter() ? Split.of(nodes, groups).format() : "";
			List<Map<String, String>> footprint = nodes.stream().map((node) -> node.stats(true)).toList();
			List<Double> statements = new ArrayList<>();
			List<Double> commits = new ArrayList<>();
			int groupsRun = 0;
			List<Integer> groupsRunPerNode = new ArrayList<>();
			for (int i = 0; i < nodes.size(); i++) {
				statements.add(delta(start.get(i), end.get(i), "statements") / seconds);
				commits.add(delta(start.get(i), end.get(i), "commits") / seconds);
				groupsRun += Integer.parseInt(end.get(i).get("groupsRun"));
				groupsRunPerNode.add(Integer.valueOf(end.get(i).get("groupsRun")));
			}
			Result result = new Result(peer, groups, seconds, statements, commits,
					(transactions1 - transactions0) / seconds, (packets1 - packets0) / seconds,
					footprint.stream().map((values) -> Integer.valueOf(values.get("threads"))).toList(),
					footprint.stream().map((values) -> Long.valueOf(values.get("heap"))).toList(), groupsRun,
					groupsRunPerNode, splitStart, splitEnd, settled);
			System.out.printf(
					"  %s, %d groups: %.1f statements/s (cluster; nodes %s), %.1f commits/s, %.1f server xact/s, "
							+ "%.1f zk packets/s, threads %s, heap %s, groups run %d (per node %s), split at end %s%n",
					peer.id(), groups, result.clusterStatements(), format(statements), result.clusterCommits(),
					result.serverTransactions(), result.zookeeperPackets(), result.threadsPerNode(),
					result.heapPerNode(), groupsRun, groupsRunPerNode, splitEnd);
			return result;
		}
		finally {
			FailoverBenchmark.sleep(this.config.lease());
		}
	}

	/**
	 * ZooKeeper packets received, or for etcd peers the gRPC messages the etcd member
	 * received (every unary request, and every message on a stream: keep-alives, watch
	 * requests).
	 */
	private long storeRequests(Peer peer) {
		return (peer.store() == Peer.Store.ETCD) ? this.stores.etcdRequests() : this.stores.zookeeperPackets();
	}

	private static double delta(Map<String, String> start, Map<String, String> end, String key) {
		return Long.parseLong(end.get(key)) - Long.parseLong(start.get(key));
	}

	private static String format(List<Double> values) {
		return values.stream().map((value) -> String.format("%.1f", value)).toList().toString();
	}

	/**
	 * One peer at one group count.
	 *
	 * @param peer the peer
	 * @param groups groups or lock names
	 * @param seconds the window
	 * @param statementsPerNode JDBC statements per second of each node
	 * @param commitsPerNode explicit commits per second of each node
	 * @param serverTransactions database transactions per second (whole cluster)
	 * @param zookeeperPackets ZooKeeper packets per second (whole cluster)
	 * @param threadsPerNode live threads of each node
	 * @param heapPerNode heap used after GC of each node, bytes
	 * @param groupsRun groups whose job ran on some node during the window, summed over
	 * nodes (equal to {@code groups} when each group ran on exactly one node)
	 * @param groupsRunPerNode groups whose job ran on each node during the window
	 * @param splitStart groups each node led at the start of the window, as
	 * {@code 34/33/33} (this starter's peers; empty for the others)
	 * @param splitEnd groups each node led at the end of the window
	 * @param settleSeconds time from the start of the cluster until balancing settled
	 * (balancing peers), {@code -1} when it did not or does not apply
	 */
	record Result(Peer peer, int groups, double seconds, List<Double> statementsPerNode, List<Double> commitsPerNode,
			double serverTransactions, double zookeeperPackets, List<Integer> threadsPerNode, List<Long> heapPerNode,
			int groupsRun, List<Integer> groupsRunPerNode, String splitStart, String splitEnd, double settleSeconds) {

		double clusterStatements() {
			return this.statementsPerNode.stream().mapToDouble(Double::doubleValue).sum();
		}

		double maxNodeStatements() {
			return this.statementsPerNode.stream().mapToDouble(Double::doubleValue).max().orElse(0);
		}

		double clusterCommits() {
			return this.commitsPerNode.stream().mapToDouble(Double::doubleValue).sum();
		}

		double meanThreads() {
			return this.threadsPerNode.stream().mapToInt(Integer::intValue).average().orElse(0);
		}

		double meanHeap() {
			return this.heapPerNode.stream().mapToLong(Long::longValue).average().orElse(0);
		}

	}

}
