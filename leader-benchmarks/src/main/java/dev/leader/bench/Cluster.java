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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import dev.leader.bench.NodeProcess.Exec;
import dev.leader.bench.node.NodeSettings;

/**
 * Node JVMs of one peer, and every execution they reported.
 *
 * @author leader-spring-boot-starter
 */
final class Cluster implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Peer peer;

	private final BenchConfig config;

	private final int groups;

	private final Duration tick;

	private final boolean report;

	private final String jdbcUrl;

	private final String etcd;

	private final String zookeeper;

	private final Path logs;

	private final AtomicInteger counter = new AtomicInteger();

	private final List<NodeProcess> nodes = new ArrayList<>();

	private final List<Exec> executions = new ArrayList<>();

	Cluster(Peer peer, BenchConfig config, Stores stores, int groups, Duration tick, boolean report, Path logs) {
		this.peer = peer;
		this.config = config;
		this.groups = groups;
		this.tick = tick;
		this.report = report;
		this.jdbcUrl = peer.isOnMariaDb() ? stores.mariaDb(config.mariaDbUrl()) : stores.jdbcUrl();
		this.zookeeper = (peer.store() == Peer.Store.ZOOKEEPER) ? stores.zookeeper() : "none";
		this.etcd = (peer.store() == Peer.Store.ETCD) ? stores.etcd() : "none";
		this.logs = logs;
	}

	/** Start nodes at once and wait until all are ready. */
	List<NodeProcess> start(int count) {
		List<NodeProcess> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			started.add(launch());
		}
		CompletableFuture
			.allOf(started.stream()
				.map((node) -> CompletableFuture.runAsync(() -> node.awaitReady(START_TIMEOUT)))
				.toArray(CompletableFuture[]::new))
			.join();
		return started;
	}

	/** Start one node and wait until it is ready. */
	NodeProcess startOne() {
		NodeProcess node = launch();
		node.awaitReady(START_TIMEOUT);
		return node;
	}

	private NodeProcess launch() {
		String id = this.peer.id() + "-n" + this.counter.incrementAndGet();
		NodeSettings settings = new NodeSettings(this.peer, id, this.groups, this.config.lease(), this.config.renew(),
				this.config.retry(), this.tick, this.config.verify() && !this.peer.isWithoutVerify(), this.jdbcUrl,
				this.zookeeper, this.etcd, this.report);
		List<String> options = new ArrayList<>();
		options.add("-Dbench.slow-request=" + this.config.slowRequest().toMillis());
		this.config.nodeProperties().forEach((property) -> options.add("-D" + property));
		NodeProcess node = NodeProcess.start(settings, this.logs.resolve(id + ".log"), this::executed,
				this.config.nodeClasspath(this.peer), options);
		synchronized (this) {
			this.nodes.add(node);
		}
		return node;
	}

	private void executed(Exec exec) {
		synchronized (this.executions) {
			this.executions.add(exec);
			this.executions.notifyAll();
		}
	}

	synchronized List<NodeProcess> running() {
		return this.nodes.stream().filter(NodeProcess::isAlive).toList();
	}

	synchronized void forget(NodeProcess node) {
		this.nodes.remove(node);
	}

	NodeProcess node(String id) {
		return running().stream()
			.filter((node) -> node.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No running node " + id));
	}

	/** The first execution matching, waiting up to {@code timeout} for it. */
	Optional<Exec> await(Predicate<Exec> wanted, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.executions) {
			int checked = 0;
			while (true) {
				for (; checked < this.executions.size(); checked++) {
					Exec exec = this.executions.get(checked);
					if (wanted.test(exec)) {
						return Optional.of(exec);
					}
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return Optional.empty();
				}
				try {
					this.executions.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return Optional.empty();
				}
			}
		}
	}

	/** Executions of a group since a time (wall clock, microseconds). */
	List<Exec> since(String group, long micros) {
		synchronized (this.executions) {
			return this.executions.stream()
				.filter((exec) -> exec.group().equals(group) && exec.micros() >= micros)
				.toList();
		}
	}

	@Override
	public void close() {
		List<NodeProcess> all;
		synchronized (this) {
			all = new ArrayList<>(this.nodes);
		}
		all.forEach(NodeProcess::kill);
		all.forEach(NodeProcess::destroy);
	}

	Duration tick() {
		return this.tick;
	}

}
