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

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.leader.bench.node.NodeMain;
import dev.leader.bench.node.NodeSettings;
import dev.leader.bench.node.Reporter;

/**
 * A node JVM started by the harness: its standard output is read for protocol lines, the
 * rest goes to its log file.
 *
 * @author leader-spring-boot-starter
 */
final class NodeProcess {

	/** The same options for every peer's nodes. */
	static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx256m",
			"-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError");

	private final String id;

	private final Process process;

	private final Writer commands;

	private final CountDownLatch ready = new CountDownLatch(1);

	private final BlockingQueue<Long> slowRequests = new LinkedBlockingQueue<>();

	private final CompletableFuture<Long> exited;

	private final BlockingQueue<Map<String, String>> stats = new LinkedBlockingQueue<>();

	private final BlockingQueue<Leading> leading = new LinkedBlockingQueue<>();

	private NodeProcess(String id, Process process) {
		this.id = id;
		this.process = process;
		this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
		// When the JVM ended (wall clock, microseconds), noted by the process reaper
		this.exited = process.onExit().thenApply((ended) -> Reporter.nowMicros());
	}

	/**
	 * Start a node JVM.
	 * @param settings the node's settings
	 * @param logFile where its output goes
	 * @param executions told of every execution it reports
	 * @param classpath the node's class path
	 * @param options further JVM options
	 * @return the node
	 */
	static NodeProcess start(NodeSettings settings, Path logFile, Consumer<Exec> executions, String classpath,
			List<String> options) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.addAll(settings.toJvmOptions());
		command.addAll(options);
		command.add("-cp");
		command.add(classpath);
		command.add(NodeMain.class.getName());
		try {
			Files.createDirectories(logFile.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			NodeProcess node = new NodeProcess(settings.nodeId(), process);
			Thread reader = new Thread(() -> node.read(logFile, executions), "read-" + settings.nodeId());
			reader.setDaemon(true);
			reader.start();
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void read(Path logFile, Consumer<Exec> executions) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer log = Files.newBufferedWriter(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
			String line;
			while ((line = in.readLine()) != null) {
				if (!line.startsWith("@@ ")) {
					log.write(line);
					log.write('\n');
					log.flush();
					continue;
				}
				String[] parts = line.substring(3).split(" ");
				switch (parts[0]) {
					case "READY" -> this.ready.countDown();
					case "SLOW" -> this.slowRequests.add(Long.parseLong(parts[2]));
					case "EXEC" -> executions.accept(new Exec(parts[1], parts[2], Long.parseLong(parts[3])));
					case "STATS" -> {
						Map<String, String> values = new HashMap<>();
						for (int i = 2; i < parts.length; i++) {
							String[] pair = parts[i].split("=", 2);
							values.put(pair[0], pair[1]);
						}
						this.stats.add(values);
					}
					case "LEADING" -> this.leading.add(Leading.parse(parts));
					default -> {
						log.write(line);
						log.write('\n');
					}
				}
			}
		}
		catch (IOException ex) {
			// The node ended.
		}
	}

	String id() {
		return this.id;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	void awaitReady(Duration timeout) {
		try {
			if (!this.ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						"Node " + this.id + " not ready after " + timeout + (isAlive() ? "" : " (it exited)"));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Ask for the node's counters; with {@code footprint}, after a full GC. */
	Map<String, String> stats(boolean footprint) {
		try {
			this.stats.clear();
			this.commands.write(footprint ? "footprint\n" : "stats\n");
			this.commands.flush();
			Map<String, String> values = this.stats.poll(60, TimeUnit.SECONDS);
			if (values == null) {
				throw new IllegalStateException("Node " + this.id + " sent no stats");
			}
			return values;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Ask the node which groups it believes it leads (this starter's nodes only).
	 * @return the answer
	 */
	Leading leading() {
		try {
			this.leading.clear();
			this.commands.write("leading\n");
			this.commands.flush();
			Leading answer = this.leading.poll(30, TimeUnit.SECONDS);
			if (answer == null) {
				throw new IllegalStateException("Node " + this.id + " did not say which groups it leads");
			}
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Have the node send one slow request to its own web server, and wait until the
	 * server is handling it.
	 * @return when the request arrived (wall clock, microseconds)
	 */
	long slowRequest(Duration timeout) {
		try {
			this.slowRequests.clear();
			this.commands.write("slow\n");
			this.commands.flush();
			Long arrived = this.slowRequests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (arrived == null) {
				throw new IllegalStateException("Node " + this.id + " did not receive its slow request in " + timeout);
			}
			return arrived;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * When the JVM ended, once it has.
	 * @return wall clock, microseconds
	 */
	long exitMicros() {
		return this.exited.join();
	}

	/**
	 * Send a signal by name ({@code STOP}, {@code CONT}) with the {@code kill} command.
	 * @param signal the signal's name
	 */
	void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** SIGKILL. */
	void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * SIGTERM: the JVM runs its shutdown hooks, Spring closes the context. Sent through
	 * the process handle, which (unlike {@link Process#destroy()}) leaves the node's
	 * pipes open, so its last lines are still read.
	 */
	void terminate() {
		this.process.toHandle().destroy();
	}

	boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	void destroy() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			awaitExit(Duration.ofSeconds(10));
		}
	}

	/**
	 * The groups a node believed it led at a time, and how many grants it had so far.
	 *
	 * @param node the node
	 * @param micros when it answered (wall clock, microseconds)
	 * @param grants leadership grants since it started
	 * @param groups the indexes of the groups it leads
	 */
	record Leading(String node, long micros, long grants, List<Integer> groups) {

		static Leading parse(String[] parts) {
			Map<String, String> values = new HashMap<>();
			for (int i = 2; i < parts.length; i++) {
				String[] pair = parts[i].split("=", 2);
				values.put(pair[0], pair[1]);
			}
			String list = values.get("groups");
			List<Integer> groups = new ArrayList<>();
			if (list != null && list.startsWith("[") && list.length() > 2) {
				for (String index : list.substring(1, list.length() - 1).split(",")) {
					groups.add(Integer.valueOf(index));
				}
			}
			return new Leading(parts[1], Long.parseLong(values.getOrDefault("micros", "0")),
					Long.parseLong(values.getOrDefault("grants", "0")), List.copyOf(groups));
		}

	}

	/** One leader-only execution reported by a node. */
	record Exec(String node, String group, long micros) {

	}

}
