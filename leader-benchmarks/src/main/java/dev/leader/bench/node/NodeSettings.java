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

package dev.leader.bench.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.leader.bench.Peer;

/**
 * What a node is told by the harness, as system properties {@code bench.*}.
 *
 * @param peer the library under test
 * @param nodeId this node's id
 * @param groups how many groups (or lock names) the node campaigns for: {@code bench-0}
 * and up
 * @param lease lease duration, lock TTL, {@code lockAtMostFor} or session timeout: the
 * one setting all peers share
 * @param renew the starter's renew interval
 * @param retry the starter's retry interval
 * @param tick how often each group's leader-only job fires on every node
 * @param verify the starter's {@code verify-before-run}
 * @param jdbcUrl the PostgreSQL database of the JDBC peers
 * @param zookeeper the connect string of the ZooKeeper peers
 * @param etcd the endpoint of the etcd peers
 * @param report whether to print a line for every execution
 * @author leader-spring-boot-starter
 */
public record NodeSettings(Peer peer, String nodeId, int groups, Duration lease, Duration renew, Duration retry,
		Duration tick, boolean verify, String jdbcUrl, String zookeeper, String etcd, boolean report) {

	/** The name of group {@code i}. */
	public static String group(int i) {
		return "bench-" + i;
	}

	public List<String> groupNames() {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < this.groups; i++) {
			names.add(group(i));
		}
		return names;
	}

	/** As JVM options for a node's command line. */
	public List<String> toJvmOptions() {
		return List.of("-Dbench.peer=" + this.peer.id(), "-Dbench.node=" + this.nodeId, "-Dbench.groups=" + this.groups,
				"-Dbench.lease=" + this.lease.toMillis(), "-Dbench.renew=" + this.renew.toMillis(),
				"-Dbench.retry=" + this.retry.toMillis(), "-Dbench.tick=" + this.tick.toMillis(),
				"-Dbench.verify=" + this.verify, "-Dbench.jdbc-url=" + this.jdbcUrl,
				"-Dbench.zookeeper=" + this.zookeeper, "-Dbench.etcd=" + this.etcd, "-Dbench.report=" + this.report);
	}

	static NodeSettings fromSystemProperties() {
		return new NodeSettings(Peer.of(required("bench.peer")), required("bench.node"),
				Integer.parseInt(required("bench.groups")), millis("bench.lease"), millis("bench.renew"),
				millis("bench.retry"), millis("bench.tick"), Boolean.parseBoolean(required("bench.verify")),
				required("bench.jdbc-url"), required("bench.zookeeper"), required("bench.etcd"),
				Boolean.parseBoolean(required("bench.report")));
	}

	private static Duration millis(String name) {
		return Duration.ofMillis(Long.parseLong(required(name)));
	}

	private static String required(String name) {
		String value = System.getProperty(name);
		if (value == null) {
			throw new IllegalStateException("Missing -D" + name);
		}
		return value;
	}

}
