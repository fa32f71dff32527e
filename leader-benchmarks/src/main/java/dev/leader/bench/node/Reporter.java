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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * A node's side of the harness protocol. Lines starting with {@code @@} on standard
 * output: {@code READY}, one {@code EXEC} per leader-only execution (when reporting is
 * on) with the wall-clock time of this machine in microseconds, {@code STATS} when asked
 * on standard input, and {@code SLOW} when a web node's slow endpoint received the
 * request that the command {@code slow} sent, and {@code LEADING} (the groups this node
 * believes it leads, and how many grants it had) when asked with {@code leading}. End of
 * standard input (the harness went away) ends the node 30 s later.
 *
 * @author leader-spring-boot-starter
 */
public final class Reporter {

	private final NodeSettings settings;

	private final PrintStream out;

	private final AtomicLongArray executions;

	private volatile @Nullable CountingDataSource counting;

	private volatile @Nullable Runnable slowRequest;

	private volatile @Nullable Supplier<List<Integer>> leading;

	private final AtomicLong grants = new AtomicLong();

	public Reporter(NodeSettings settings, PrintStream out) {
		this.settings = settings;
		this.out = out;
		this.executions = new AtomicLongArray(settings.groups());
	}

	void counting(@Nullable CountingDataSource counting) {
		this.counting = counting;
	}

	/**
	 * Called by every peer's job when it runs leader-only work of a group on this node.
	 * @param group the group index
	 */
	public void executed(int group) {
		this.executions.incrementAndGet(group);
		if (this.settings.report()) {
			line("EXEC " + this.settings.nodeId() + " " + NodeSettings.group(group) + " " + nowMicros());
		}
	}

	/**
	 * What the {@code leading} command reports: the indexes of the groups this node
	 * believes it leads (peers that can tell).
	 * @param leading the groups led now
	 */
	void leading(Supplier<List<Integer>> leading) {
		this.leading = leading;
	}

	/** Called when this node was granted the leadership of a group. */
	void granted() {
		this.grants.incrementAndGet();
	}

	/**
	 * What the {@code slow} command does: sends a slow request to this node's web server
	 * (web nodes only).
	 */
	void slowRequest(Runnable slowRequest) {
		this.slowRequest = slowRequest;
	}

	/** Called by a web node's slow endpoint when a request came in. */
	void slowRequestStarted() {
		line("SLOW " + this.settings.nodeId() + " " + nowMicros());
	}

	void ready() {
		line("READY " + this.settings.nodeId() + " " + nowMicros());
	}

	void serveCommands() {
		Thread thread = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
				String command;
				while ((command = in.readLine()) != null) {
					switch (command.trim()) {
						case "stats" -> stats(false);
						case "footprint" -> stats(true);
						case "slow" -> slow();
						case "leading" -> leading();
						default -> line("ERROR unknown command " + command);
					}
				}
			}
			catch (IOException ex) {
				// The harness is gone.
			}
			// Orphaned: end, gracefully, unless a signal ends the node first.
			try {
				Thread.sleep(30_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			System.exit(3);
		}, "harness-commands");
		thread.setDaemon(true);
		thread.start();
	}

	private void slow() {
		Runnable request = this.slowRequest;
		if (request == null) {
			line("ERROR not a web node");
			return;
		}
		Thread client = new Thread(request, "slow-request");
		client.setDaemon(true);
		client.start();
	}

	private void leading() {
		Supplier<List<Integer>> supplier = this.leading;
		String groups = (supplier != null)
				? supplier.get().stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]")) : "unknown";
		line("LEADING " + this.settings.nodeId() + " micros=" + nowMicros() + " grants=" + this.grants.get()
				+ " groups=" + groups);
	}

	private void stats(boolean footprint) {
		long heap = -1;
		if (footprint) {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		}
		CountingDataSource db = this.counting;
		long executed = 0;
		int groupsRun = 0;
		for (int i = 0; i < this.executions.length(); i++) {
			long count = this.executions.getAndSet(i, 0);
			executed += count;
			groupsRun += (count > 0) ? 1 : 0;
		}
		line("STATS " + this.settings.nodeId() + " micros=" + nowMicros() + " statements="
				+ ((db != null) ? db.statements() : 0) + " commits=" + ((db != null) ? db.commits() : 0) + " rollbacks="
				+ ((db != null) ? db.rollbacks() : 0) + " connections=" + ((db != null) ? db.connections() : 0)
				+ " threads=" + ManagementFactory.getThreadMXBean().getThreadCount() + " heap=" + heap + " executions="
				+ executed + " groupsRun=" + groupsRun);
	}

	private void line(String line) {
		synchronized (this.out) {
			this.out.println("@@ " + line);
			this.out.flush();
		}
	}

	/**
	 * This machine's wall clock in microseconds since the epoch: shared by all JVMs here.
	 * @return microseconds since the epoch
	 */
	public static long nowMicros() {
		Instant now = Instant.now();
		return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
	}

}
