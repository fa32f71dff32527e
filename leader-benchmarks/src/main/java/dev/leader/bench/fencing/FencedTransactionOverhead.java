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

package dev.leader.bench.fencing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.context.ConfigurableApplicationContext;

import dev.leader.bench.fencing.FencedTransactionBenchmark.Writes;

/**
 * The calls of {@link FencedTransactionBenchmark}, measured interleaved: every round
 * calls each kind once, in an order that rotates from round to round, so that a machine
 * whose load changes during the run slows every kind alike (JMH measures one benchmark
 * after the other). Reports percentiles per kind and the median of the per-round
 * differences (fenced minus unfenced), and writes them to
 * {@code results/fenced-transactions-interleaved.csv}.
 * <p>
 * Arguments: rounds on H2 and on PostgreSQL (default 20000 and 5000); warm-up is a fifth
 * of that, not recorded.
 *
 * @author leader-spring-boot-starter
 */
public final class FencedTransactionOverhead {

	private FencedTransactionOverhead() {
	}

	public static void main(String[] args) throws Exception {
		int h2Rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		int postgresqlRounds = (args.length > 1) ? Integer.parseInt(args[1]) : 5_000;
		List<String> csv = new ArrayList<>();
		csv.add("database,kind,rounds,p50_us,p90_us,p99_us,mean_us,median_difference_to_unfenced_us");
		measure("h2", h2Rounds, csv);
		measure("postgresql", postgresqlRounds, csv);
		Path out = Path.of("results", "fenced-transactions-interleaved.csv");
		Files.createDirectories(out.getParent());
		Files.write(out, csv);
		csv.forEach(System.out::println);
	}

	private static void measure(String database, int rounds, List<String> csv)
			throws InterruptedException, IOException {
		try (ConfigurableApplicationContext context = FencedTransactionBenchmark.start(database)) {
			Writes writes = context.getBean(Writes.class);
			String[] kinds = FencedTransactionBenchmark.KINDS;
			run(writes, kinds, new long[kinds.length][rounds / 5]);
			long[][] nanos = new long[kinds.length][rounds];
			run(writes, kinds, nanos);
			int unfenced = Arrays.asList(kinds).indexOf("unfenced");
			for (int kind = 0; kind < kinds.length; kind++) {
				long[] differences = new long[rounds];
				for (int round = 0; round < rounds; round++) {
					differences[round] = nanos[kind][round] - nanos[unfenced][round];
				}
				long[] sorted = nanos[kind].clone();
				Arrays.sort(sorted);
				Arrays.sort(differences);
				csv.add(String.join(",", database, kinds[kind], Integer.toString(rounds),
						micros(percentile(sorted, 0.50)), micros(percentile(sorted, 0.90)),
						micros(percentile(sorted, 0.99)), micros((long) Arrays.stream(sorted).average().orElse(0)),
						micros(percentile(differences, 0.50))));
			}
		}
	}

	private static void run(Writes writes, String[] kinds, long[][] nanos) {
		int rounds = nanos[0].length;
		for (int round = 0; round < rounds; round++) {
			for (int step = 0; step < kinds.length; step++) {
				int kind = (round + step) % kinds.length;
				long start = System.nanoTime();
				Integer updated = FencedTransactionBenchmark.call(writes, kinds[kind]);
				nanos[kind][round] = System.nanoTime() - start;
				if (updated == null || updated != 1) {
					throw new IllegalStateException(kinds[kind] + " call did not write");
				}
			}
		}
	}

	private static long percentile(long[] sorted, double quantile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))];
	}

	private static String micros(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
	}

}
