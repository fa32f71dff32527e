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
import java.util.concurrent.ThreadLocalRandom;

import dev.leader.bench.NodeProcess.Exec;
import dev.leader.bench.node.NodeSettings;
import dev.leader.bench.node.Reporter;

/**
 * Crash failover (SIGKILL), graceful handover (SIGTERM) and a paused leader (SIGSTOP,
 * then SIGCONT once a successor ran): three nodes of a peer run a leader-only job every
 * tick; the harness stops the node that ran it last, noting this machine's wall clock
 * just before the signal, and waits for the first execution by another node. Both times
 * come from the same clock (one machine), in microseconds. The stopped node is then
 * replaced, so every trial starts from three nodes.
 *
 * @author leader-spring-boot-starter
 */
final class FailoverBenchmark {

	private static final String GROUP = NodeSettings.group(0);

	private static final Duration SUCCESSOR_TIMEOUT = Duration.ofSeconds(30);

	private final BenchConfig config;

	private final Stores stores;

	private final Path logs;

	FailoverBenchmark(BenchConfig config, Stores stores, Path logs) {
		this.config = config;
		this.stores = stores;
		this.logs = logs;
	}

	List<Trial> run(Peer peer, Mode mode, int trials) {
		this.stores.resetDatabase();
		List<Trial> results = new ArrayList<>();
		Duration tick = this.config.failoverTick();
		try (Cluster cluster = new Cluster(peer, this.config, this.stores, 1, tick, true,
				this.logs.resolve(peer.id() + "-" + mode.name().toLowerCase()))) {
			cluster.start(3);
			for (int trial = 1; trial <= trials; trial++) {
				String leader = awaitStable(cluster, peer);
				sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(1000)));
				leader = lastRunner(cluster).orElse(leader);
				NodeProcess stopped = cluster.node(leader);
				if (peer.isWeb() && mode == Mode.GRACEFUL) {
					// A request in flight: Tomcat's graceful shutdown waits for it
					stopped.slowRequest(Duration.ofSeconds(10));
				}
				long signalled = Reporter.nowMicros();
				if (mode == Mode.CRASH) {
					stopped.kill();
				}
				else if (mode == Mode.PAUSE) {
					stopped.signal("STOP");
				}
				else {
					stopped.terminate();
				}
				String from = leader;
				Optional<Exec> next = cluster.await(
						(exec) -> exec.group().equals(GROUP) && !exec.node().equals(from) && exec.micros() > signalled,
						SUCCESSOR_TIMEOUT);
				if (mode == Mode.PAUSE) {
					stopped.signal("CONT");
					sleep(Duration.ofSeconds(1));
					stopped.kill();
				}
				if (!stopped.awaitExit(Duration.ofSeconds(30))) {
					System.out.println("  node " + leader + " did not exit in 30 s; killing it");
					stopped.destroy();
				}
				cluster.forget(stopped);
				double exit = stopped.isAlive() ? -1 : (stopped.exitMicros() - signalled) / 1000.0;
				Trial result;
				if (next.isPresent()) {
					long first = next.get().micros();
					int overlap = (int) cluster.since(GROUP, first + 1)
						.stream()
						.filter((exec) -> exec.node().equals(from))
						.count();
					result = new Trial(peer, mode, trial, (first - signalled) / 1000.0, leader, next.get().node(),
							overlap, exit);
				}
				else {
					result = new Trial(peer, mode, trial, -1, leader, "-", 0, exit);
				}
				results.add(result);
				System.out.printf("  %s %s trial %d: %.1f ms (%s -> %s; exit after %.0f ms)%s%n", peer.id(),
						mode.name().toLowerCase(), trial, result.millis(), result.stopped(), result.successor(),
						result.exitMillis(), (result.overlap() > 0) ? " OVERLAP " + result.overlap() : "");
				if (trial < trials) {
					cluster.startOne();
				}
			}
		}
		sleep(this.config.lease());
		return results;
	}

	/**
	 * Wait until three nodes run, the newest for at least a second, and the job has run
	 * on one node only (for peers with a leader) for the last second.
	 * @return the node that runs the job
	 */
	private String awaitStable(Cluster cluster, Peer peer) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		sleep(Duration.ofSeconds(1));
		while (System.nanoTime() < deadline) {
			long now = Reporter.nowMicros();
			List<Exec> recent = cluster.since(GROUP, now - 1_000_000);
			long runners = recent.stream().map(Exec::node).distinct().count();
			boolean enough = recent.size() >= 3;
			if (cluster.running().size() == 3 && enough && (runners == 1 || peer == Peer.SHEDLOCK)) {
				return recent.get(recent.size() - 1).node();
			}
			sleep(Duration.ofMillis(100));
		}
		throw new IllegalStateException(peer.id() + ": no stable leader within 60 s");
	}

	private static Optional<String> lastRunner(Cluster cluster) {
		List<Exec> recent = cluster.since(GROUP, Reporter.nowMicros() - 5_000_000);
		return recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(recent.size() - 1).node());
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** How the leader is stopped. */
	enum Mode {

		CRASH("crash failover (SIGKILL)"), GRACEFUL("graceful handover (SIGTERM)"),

		/**
		 * The leader is paused (SIGSTOP) until a successor ran, then resumed (SIGCONT)
		 * for a second, so that executions of a leader that wakes up believing it still
		 * leads count as overlaps; then it is killed and replaced.
		 */
		PAUSE("paused leader (SIGSTOP until a successor ran, then SIGCONT)");

		private final String title;

		Mode(String title) {
			this.title = title;
		}

		String title() {
			return this.title;
		}

	}

	/**
	 * One trial.
	 *
	 * @param peer the peer
	 * @param mode how the leader was stopped
	 * @param trial the trial number from 1
	 * @param millis from the signal to the successor's first execution, or -1 when none
	 * came
	 * @param stopped the node stopped
	 * @param successor the node that ran next
	 * @param overlap executions of the stopped node after the successor's first one
	 * @param exitMillis from the signal to the end of the stopped node's JVM, or -1 when
	 * not recorded
	 */
	record Trial(Peer peer, Mode mode, int trial, double millis, String stopped, String successor, int overlap,
			double exitMillis) {

	}

}
