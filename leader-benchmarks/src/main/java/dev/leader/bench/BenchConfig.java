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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a benchmark run, from {@code --name=value} arguments. Every peer gets
 * the same lease (lock TTL, {@code lockAtMostFor}, session timeout) and the same job
 * tick.
 *
 * @param peers the peers to run, in order
 * @param lease the shared lease setting
 * @param renew the starter's renew interval
 * @param retry the starter's retry interval
 * @param failoverTick the job tick of the failover and handover runs
 * @param loadTick the job tick of the store-load runs
 * @param trials trials per peer in the failover and handover runs
 * @param groupCounts group counts of the store-load runs
 * @param warmup time from the start of a store-load cluster to its measurement
 * @param window measuring window of the store-load runs
 * @param verify the starter's verify-before-run
 * @param jdbcUrl the benchmark database
 * @param mariaDbUrl the benchmark database of the MariaDB peers (user root), made when
 * one runs
 * @param zookeeperTick the tick time of the in-process ZooKeeper server
 * @param results where results go
 * @param chart where the chart of the failover distributions goes
 * @param slowRequest how long the request in flight in a web node takes
 * @param beforeClasspath the starter's jars (or class directories) of the commit before
 * the lifecycle change, separated by {@code :}, which replace this build's for the
 * {@code *-before} peers
 * @param nodeProperties further properties of the starter's nodes, such as
 * {@code leader.placement.settle-delay=1s}, passed as system properties
 * @param settleTimeout how long the store-load runs of balancing peers wait (after the
 * warm-up) for an even split before they measure, and how long a rebalance may take
 * @author leader-spring-boot-starter
 */
public record BenchConfig(List<Peer> peers, Duration lease, Duration renew, Duration retry, Duration failoverTick,
		Duration loadTick, int trials, List<Integer> groupCounts, Duration warmup, Duration window, boolean verify,
		String jdbcUrl, String mariaDbUrl, int zookeeperTick, Path results, Path chart, Duration slowRequest,
		String beforeClasspath, List<String> nodeProperties, Duration settleTimeout) {

	/** The starter's modules whose jars the {@code *-before} peers replace. */
	private static final List<String> STARTER_MODULES = List.of("leader-core", "leader-spring-boot-autoconfigure");

	/** The peers of the failover and handover runs. */
	static final String PEERS = "starter-jdbc,starter-jdbc-fast,starter-zk,si-jdbc,si-zk,shedlock";

	/** The peers of the store-load runs: also this starter without verify-before-run. */
	static final String LOAD_PEERS = "starter-jdbc,starter-jdbc-noverify,starter-zk,starter-zk-noverify,si-jdbc,si-zk,"
			+ "shedlock";

	/** The peers of the rebalance runs. */
	static final String REBALANCE_PEERS = "starter-jdbc";

	static BenchConfig parse(List<String> args) {
		return parse(args, PEERS);
	}

	static BenchConfig parse(List<String> args, String defaultPeers) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("peers", defaultPeers);
		values.put("lease", "2000");
		values.put("renew", "600");
		values.put("retry", "200");
		values.put("failover-tick", "50");
		values.put("load-tick", "1000");
		values.put("trials", "20");
		values.put("groups", "1,10,100");
		values.put("warmup", "8000");
		values.put("window", "20000");
		values.put("verify", "true");
		values.put("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/leader_bench");
		values.put("mariadb-url", "jdbc:mariadb://127.0.0.1:3306/leader_bench");
		values.put("zookeeper-tick", "200");
		values.put("results", "results");
		values.put("chart", "../docs/benchmarks/failover.png");
		values.put("slow-request", "5000");
		values.put("before-classpath", "");
		values.put("node-properties", "");
		values.put("settle-timeout", "120000");
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			String name = arg.substring(2, arg.indexOf('='));
			if (!values.containsKey(name)) {
				throw new IllegalArgumentException("Unknown setting --" + name + "; known: " + values.keySet());
			}
			values.put(name, arg.substring(arg.indexOf('=') + 1));
		}
		List<Peer> peers = new ArrayList<>();
		for (String id : values.get("peers").split(",")) {
			Peer peer = Peer.of(id.trim());
			if (peer.isAvailable()) {
				peers.add(peer);
			}
			else {
				System.out.println("Skipping " + peer.title() + ": class " + Peer.STARTER_ZOOKEEPER_CLASS
						+ " is not on the classpath (the starter's ZooKeeper store is not merged)");
			}
		}
		return new BenchConfig(peers, millis(values, "lease"), millis(values, "renew"), millis(values, "retry"),
				millis(values, "failover-tick"), millis(values, "load-tick"), Integer.parseInt(values.get("trials")),
				Arrays.stream(values.get("groups").split(",")).map(String::trim).map(Integer::valueOf).toList(),
				millis(values, "warmup"), millis(values, "window"), Boolean.parseBoolean(values.get("verify")),
				values.get("jdbc-url"), values.get("mariadb-url"), Integer.parseInt(values.get("zookeeper-tick")),
				Path.of(values.get("results")), Path.of(values.get("chart")), millis(values, "slow-request"),
				values.get("before-classpath"),
				Arrays.stream(values.get("node-properties").split(";"))
					.map(String::trim)
					.filter((p) -> !p.isEmpty())
					.toList(),
				millis(values, "settle-timeout"));
	}

	/**
	 * The class path of a peer's node JVMs: the harness's own, where a {@code *-before}
	 * peer has the starter's modules replaced by {@code before-classpath}.
	 * @param peer the peer
	 * @return the class path
	 */
	String nodeClasspath(Peer peer) {
		String own = System.getProperty("java.class.path");
		if (!peer.isBefore()) {
			return own;
		}
		if (this.beforeClasspath.isBlank()) {
			throw new IllegalArgumentException(peer.id() + " needs --before-classpath=<the starter's jars of the commit"
					+ " before the lifecycle change> (bin/handover-web builds them)");
		}
		List<String> entries = new ArrayList<>(Arrays.asList(this.beforeClasspath.split(":")));
		for (String entry : own.split(":")) {
			if (STARTER_MODULES.stream().noneMatch((module) -> entry.contains("/" + module + "/"))) {
				entries.add(entry);
			}
		}
		return String.join(":", entries);
	}

	private static Duration millis(Map<String, String> values, String name) {
		return Duration.ofMillis(Long.parseLong(values.get(name)));
	}

	String describe() {
		return "lease/TTL " + this.lease.toMillis() + " ms, starter renew " + this.renew.toMillis() + " ms / retry "
				+ this.retry.toMillis() + " ms, verify-before-run " + this.verify + ", failover tick "
				+ this.failoverTick.toMillis() + " ms, load tick " + this.loadTick.toMillis() + " ms, trials "
				+ this.trials + ", groups " + this.groupCounts + ", warm-up " + this.warmup.toMillis() + " ms, window "
				+ this.window.toMillis() + " ms, slow request in web nodes " + this.slowRequest.toMillis() + " ms"
				+ (this.beforeClasspath.isBlank() ? "" : ", before-classpath " + this.beforeClasspath)
				+ (this.nodeProperties.isEmpty() ? "" : ", node properties " + this.nodeProperties)
				+ ", settle timeout " + this.settleTimeout.toMillis() + " ms";
	}

}
