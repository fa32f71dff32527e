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
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Time to rebalance: three nodes of this starter and {@code n} groups. The first node
 * starts alone and leads every group; then two nodes join at once, and the harness
 * measures the time from the moment both joined (their application contexts are up) until
 * balancing settled: every group has a leader and no node leads more than its share,
 * {@code ceil(n / 3)} (from there on no group moves). Then it kills (SIGKILL) the node
 * that leads the most groups and measures the time until every group is led again and
 * until the two survivors settled ({@code ceil(n / 2)}). Each phase also records whether
 * the settled split is within one group of the even split ({@code n / nodes}): 34/33/33
 * is, 34/34/32 is settled but not within one. Every node says which groups it believes it
 * leads and how many grants it had ({@code leading}, asked every 100 ms); the grants
 * during a phase are its moves, against the fewest a rebalance needs (the groups the
 * nodes gained, net).
 *
 * @author leader-spring-boot-starter
 */
final class RebalanceBenchmark {

	private static final Duration POLL = Duration.ofMillis(100);

	private final BenchConfig config;

	private final Stores stores;

	private final Path logs;

	RebalanceBenchmark(BenchConfig config, Stores stores, Path logs) {
		this.config = config;
		this.stores = stores;
		this.logs = logs;
	}

	/**
	 * The trials of one peer at one group count.
	 * @param peer the peer (this starter)
	 * @param groups the groups
	 * @return a join and a crash result per trial
	 */
	List<Trial> run(Peer peer, int groups) {
		if (!peer.isStarter()) {
			throw new IllegalArgumentException("Only this starter's nodes report what they lead, not " + peer.id());
		}
		String settings = this.config.nodeProperties().isEmpty() ? "defaults"
				: String.join(" ", this.config.nodeProperties());
		List<Trial> trials = new ArrayList<>();
		for (int trial = 1; trial <= this.config.trials(); trial++) {
			if (peer.store() == Peer.Store.JDBC) {
				this.stores.resetDatabase();
			}
			try (Cluster cluster = new Cluster(peer, this.config, this.stores, groups, this.config.loadTick(), false,
					this.logs.resolve(peer.id() + "-rebalance-" + groups + "-" + trial))) {
				NodeProcess first = cluster.startOne();
				Observation alone = await(List.of(first), groups, (split) -> split.led() == groups, System.nanoTime());
				if (alone.millis() < 0) {
					throw new IllegalStateException("The first node did not lead all " + groups + " groups within "
							+ this.config.settleTimeout() + ": " + alone.split().format());
				}
				List<NodeProcess> nodes = new ArrayList<>();
				nodes.add(first);
				nodes.addAll(cluster.start(2));
				long joined = System.nanoTime();
				Split before = Split.of(nodes, groups);
				Observation even = await(nodes, groups, Split::isSettled, joined);
				Trial join = trial(peer, groups, settings, "join", trial, before, even, even.millis(), joined);
				trials.add(join);
				print(join);
				// Crash the busiest node
				NodeProcess victim = nodes.get(0);
				int most = -1;
				for (int i = 0; i < nodes.size(); i++) {
					if (even.split().counts().get(i) > most) {
						most = even.split().counts().get(i);
						victim = nodes.get(i);
					}
				}
				List<NodeProcess> survivors = new ArrayList<>(nodes);
				survivors.remove(victim);
				Split beforeCrash = Split.of(survivors, groups);
				long crashed = System.nanoTime();
				victim.kill();
				Observation allLed = await(survivors, groups, (split) -> split.led() == groups, crashed);
				Observation evenAgain = await(survivors, groups, Split::isSettled, crashed);
				Trial crash = trial(peer, groups, settings, "crash", trial, beforeCrash, evenAgain, allLed.millis(),
						crashed);
				trials.add(crash);
				print(crash);
			}
			finally {
				FailoverBenchmark.sleep(this.config.lease());
			}
		}
		return trials;
	}

	private static Trial trial(Peer peer, int groups, String settings, String phase, int trial, Split before,
			Observation after, double allLedMillis, long since) {
		int gained = 0;
		for (int i = 0; i < after.split().counts().size(); i++) {
			gained += Math.max(0, after.split().counts().get(i) - before.counts().get(i));
		}
		return new Trial(peer, groups, settings, phase, trial, after.millis(), allLedMillis,
				after.split().grants() - before.grants(), gained, before.format(), after.split().format(),
				after.split().isEven());
	}

	private static void print(Trial trial) {
		System.out.printf(
				"  %s, %d groups, %s, trial %d, %s: settled after %s ms (every group led after %.0f ms), %d moves "
						+ "(fewest %d), %s -> %s (%s)%n",
				trial.peer().id(), trial.groups(), trial.settings(), trial.trial(), trial.phase(),
				(trial.millis() < 0) ? "timed out" : String.format("%.0f", trial.millis()), trial.allLedMillis(),
				trial.moves(), trial.fewestMoves(), trial.splitBefore(), trial.splitAfter(),
				trial.even() ? "within one of even" : "not within one of even");
	}

	/**
	 * Ask the nodes every 100 ms until their split matches (or the settle timeout
	 * passed).
	 */
	private Observation await(List<NodeProcess> nodes, int groups, Predicate<Split> wanted, long since) {
		long deadline = since + this.config.settleTimeout().toNanos();
		while (true) {
			long asked = System.nanoTime();
			Split split = Split.of(nodes, groups);
			if (wanted.test(split)) {
				return new Observation(split, (asked - since) / 1e6);
			}
			if (asked > deadline) {
				return new Observation(split, -1);
			}
			FailoverBenchmark.sleep(POLL);
		}
	}

	/**
	 * Summary rows of the trials, by peer, group count, settings and phase.
	 * @param trials the trials
	 * @return the lines of a Markdown table
	 */
	static List<String> table(List<Trial> trials) {
		List<String> out = new ArrayList<>();
		out.add("| peer | groups | settings | phase | trials | min ms | median ms | max ms | every group led, median ms "
				+ "| moves, median (min–max) | fewest moves, median | splits after | within ±1 of even | timed out |");
		out.add("|---|---:|---|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|");
		List<String> keys = trials.stream()
			.sorted(Comparator.comparing((Trial t) -> t.peer().ordinal())
				.thenComparingInt(Trial::groups)
				.thenComparing(Trial::settings)
				.thenComparing((t) -> t.phase().equals("join") ? 0 : 1))
			.map(Trial::key)
			.distinct()
			.toList();
		for (String key : keys) {
			List<Trial> mine = trials.stream().filter((trial) -> trial.key().equals(key)).toList();
			Trial first = mine.get(0);
			Summary time = Summary.of(mine.stream().filter((t) -> t.millis() >= 0).map(Trial::millis).toList());
			Summary led = Summary
				.of(mine.stream().filter((t) -> t.allLedMillis() >= 0).map(Trial::allLedMillis).toList());
			Summary moves = Summary.of(mine.stream().map((t) -> (double) t.moves()).toList());
			Summary fewest = Summary.of(mine.stream().map((t) -> (double) t.fewestMoves()).toList());
			String splits = mine.stream()
				.map((t) -> t.splitBefore() + " → " + t.splitAfter())
				.distinct()
				.collect(Collectors.joining(", "));
			out.add(String.format(
					"| %s | %d | %s | %s | %d | %.0f | %.0f | %.0f | %s | %.0f (%.0f–%.0f) | %.0f | %s | %d of %d | %d |",
					first.peer().title(), first.groups(), first.settings(), first.phase(), mine.size(), time.min(),
					time.median(), time.max(), first.phase().equals("join") ? "–" : String.format("%.0f", led.median()),
					moves.median(), moves.min(), moves.max(), fewest.median(), splits,
					mine.stream().filter(Trial::even).count(), mine.size(),
					mine.stream().filter((t) -> t.millis() < 0).count()));
		}
		return out;
	}

	/** A split and when it was seen (ms after the start of the phase; -1: never). */
	private record Observation(Split split, double millis) {

	}

	/**
	 * One phase of one trial.
	 *
	 * @param peer the peer
	 * @param groups the groups
	 * @param settings the node properties of the run ({@code defaults} for none)
	 * @param phase {@code join} or {@code crash}
	 * @param trial the trial's number
	 * @param millis time until balancing settled (every group led, no node above its
	 * share); {@code -1} when the settle timeout passed first
	 * @param allLedMillis time until every group had a leader
	 * @param moves leadership grants of the nodes during the phase
	 * @param fewestMoves the groups the nodes gained, net: the fewest grants the
	 * rebalance needs
	 * @param splitBefore groups per node at the start of the phase
	 * @param splitAfter groups per node at the end of the phase
	 * @param even whether the split at the end was within one group of the even split
	 */
	record Trial(Peer peer, int groups, String settings, String phase, int trial, double millis, double allLedMillis,
			long moves, int fewestMoves, String splitBefore, String splitAfter, boolean even) {

		String key() {
			return this.peer.id() + "|" + this.groups + "|" + this.settings + "|" + this.phase;
		}

	}

}
