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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import dev.leader.bench.FailoverBenchmark.Mode;
import dev.leader.bench.FailoverBenchmark.Trial;
import dev.leader.bench.LoadBenchmark.Result;

/**
 * Raw results as CSV under the results directory, so that tables and the chart can be
 * made again without measuring again.
 *
 * @author leader-spring-boot-starter
 */
final class ResultFiles {

	private final Path directory;

	ResultFiles(Path directory) {
		this.directory = directory;
	}

	Path directory() {
		return this.directory;
	}

	Path failover(Mode mode) {
		return this.directory.resolve("failover-" + mode.name().toLowerCase() + ".csv");
	}

	Path load() {
		return this.directory.resolve("load.csv");
	}

	Path rebalance() {
		return this.directory.resolve("rebalance.csv");
	}

	/**
	 * Replace the trials of the given peers, group counts and settings, keeping the
	 * others.
	 */
	void writeRebalance(List<RebalanceBenchmark.Trial> trials) {
		List<RebalanceBenchmark.Trial> all = new ArrayList<>(readRebalance());
		all.removeIf((old) -> trials.stream().anyMatch((trial) -> trial.key().equals(old.key())));
		all.addAll(trials);
		List<String> lines = new ArrayList<>();
		lines.add(
				"peer,groups,settings,phase,trial,millis,all_led_millis,moves,fewest_moves,split_before,split_after,even");
		for (RebalanceBenchmark.Trial trial : all) {
			lines.add(String.join(",", trial.peer().id(), Integer.toString(trial.groups()),
					trial.settings().replace(",", ";"), trial.phase(), Integer.toString(trial.trial()),
					String.format("%.1f", trial.millis()), String.format("%.1f", trial.allLedMillis()),
					Long.toString(trial.moves()), Integer.toString(trial.fewestMoves()), trial.splitBefore(),
					trial.splitAfter(), Boolean.toString(trial.even())));
		}
		write(rebalance(), lines);
	}

	List<RebalanceBenchmark.Trial> readRebalance() {
		List<RebalanceBenchmark.Trial> trials = new ArrayList<>();
		for (String[] row : rows(rebalance())) {
			trials.add(new RebalanceBenchmark.Trial(Peer.of(row[0]), Integer.parseInt(row[1]), row[2], row[3],
					Integer.parseInt(row[4]), Double.parseDouble(row[5]), Double.parseDouble(row[6]),
					Long.parseLong(row[7]), Integer.parseInt(row[8]), row[9], row[10], Boolean.parseBoolean(row[11])));
		}
		return trials;
	}

	Path jmh() {
		return this.directory.resolve("jmh.csv");
	}

	/** Replace the trials of the given peers in a mode's file, keeping the others. */
	void writeTrials(Mode mode, List<Trial> trials) {
		List<Trial> all = new ArrayList<>(readTrials(mode));
		all.removeIf((old) -> trials.stream().anyMatch((trial) -> trial.peer() == old.peer()));
		all.addAll(trials);
		List<String> lines = new ArrayList<>();
		lines.add("peer,mode,trial,millis,stopped,successor,overlap,exit_millis");
		for (Trial trial : all) {
			lines.add(String.join(",", trial.peer().id(), trial.mode().name().toLowerCase(),
					Integer.toString(trial.trial()), String.format("%.3f", trial.millis()), trial.stopped(),
					trial.successor(), Integer.toString(trial.overlap()), String.format("%.3f", trial.exitMillis())));
		}
		write(failover(mode), lines);
	}

	List<Trial> readTrials(Mode mode) {
		List<Trial> trials = new ArrayList<>();
		for (String[] row : rows(failover(mode))) {
			trials.add(new Trial(Peer.of(row[0]), Mode.valueOf(row[1].toUpperCase()), Integer.parseInt(row[2]),
					Double.parseDouble(row[3]), row[4], row[5], Integer.parseInt(row[6]),
					// Results saved before the exit time was recorded have no such column
					(row.length > 7) ? Double.parseDouble(row[7]) : -1));
		}
		return trials;
	}

	/** Replace the results of the given peers and group counts, keeping the others. */
	void writeLoad(List<Result> results) {
		List<Result> all = new ArrayList<>(readLoad());
		all.removeIf((old) -> results.stream()
			.anyMatch((result) -> result.peer() == old.peer() && result.groups() == old.groups()));
		all.addAll(results);
		List<String> lines = new ArrayList<>();
		lines.add("peer,groups,seconds,statements_per_node,commits_per_node,server_xact,zk_packets,"
				+ "threads_per_node,heap_per_node,groups_run,groups_run_per_node,split_start,split_end,settle_seconds");
		for (Result result : all) {
			lines.add(String.join(",", result.peer().id(), Integer.toString(result.groups()),
					String.format("%.2f", result.seconds()), join(result.statementsPerNode()),
					join(result.commitsPerNode()), String.format("%.2f", result.serverTransactions()),
					String.format("%.2f", result.zookeeperPackets()), join(result.threadsPerNode()),
					join(result.heapPerNode()), Integer.toString(result.groupsRun()), join(result.groupsRunPerNode()),
					result.splitStart().replace(",", ";"), result.splitEnd(),
					String.format("%.1f", result.settleSeconds())));
		}
		write(load(), lines);
	}

	List<Result> readLoad() {
		List<Result> results = new ArrayList<>();
		for (String[] row : rows(load())) {
			results.add(new Result(Peer.of(row[0]), Integer.parseInt(row[1]), Double.parseDouble(row[2]),
					doubles(row[3]), doubles(row[4]), Double.parseDouble(row[5]), Double.parseDouble(row[6]),
					Arrays.stream(row[7].split(";")).map(Integer::valueOf).toList(),
					Arrays.stream(row[8].split(";")).map(Long::valueOf).toList(), Integer.parseInt(row[9]),
					// Results saved before the split was recorded have no such columns
					(row.length > 10 && !row[10].isEmpty())
							? Arrays.stream(row[10].split(";")).map(Integer::valueOf).toList() : List.of(),
					(row.length > 11) ? row[11] : "", (row.length > 12) ? row[12] : "",
					(row.length > 13) ? Double.parseDouble(row[13]) : -1));
		}
		return results;
	}

	private static String join(List<? extends Number> values) {
		return values.stream()
			.map((value) -> (value instanceof Double d) ? String.format("%.3f", d) : value.toString())
			.collect(Collectors.joining(";"));
	}

	private static List<Double> doubles(String joined) {
		return Arrays.stream(joined.split(";")).map(Double::valueOf).toList();
	}

	List<String[]> rows(Path file) {
		if (!Files.exists(file)) {
			return List.of();
		}
		try {
			return Files.readAllLines(file)
				.stream()
				.skip(1)
				.filter((line) -> !line.isBlank())
				.map((line) -> line.split(",", -1))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Add a run's lines to a file, after a blank line. */
	void append(Path file, List<String> lines) {
		try {
			Files.createDirectories(file.getParent());
			List<String> block = new ArrayList<>();
			if (Files.exists(file)) {
				block.add("");
			}
			block.addAll(lines);
			Files.write(file, block, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void write(Path file, List<String> lines) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
