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

package dev.leader.etcd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A leader in a process of its own ({@link EtcdNodeProcess}) on a 3-member etcd cluster,
 * killed with {@code kill -9}: another node takes over after the TTL with a greater
 * token, and the old token fails verification everywhere. Paused with {@code SIGSTOP} for
 * longer than its TTL: another node takes over with a greater token; resumed with
 * {@code SIGCONT}, the paused process no longer believes it leads (its deadline passed on
 * the monotonic clock while it was stopped, or its watch reports its key deleted,
 * whichever it notices first), its {@code verify} of the old token fails, and the history
 * of writes guarded by the token (kept in etcd, in store order) stays clean: a write of
 * the paused process that was still in its client's buffers reaches etcd after the resume
 * and is refused by the guard.
 */
class EtcdLeaderProcessEtcdTests {

	private static final Duration TTL = Duration.ofSeconds(2);

	private static final String NAMESPACE = "/paused";

	private final String group = "paused-" + UUID.randomUUID();

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final List<EtcdClusterFailureEtcdTests.TestNode> nodes = new CopyOnWriteArrayList<>();

	private TestEtcd etcd;

	private Process process;

	private ScheduledExecutorService writers;

	@BeforeEach
	void setUp() {
		this.etcd = TestEtcd.startCluster(3);
		this.writers = Executors.newScheduledThreadPool(2);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.writers.shutdownNow();
		this.writers.awaitTermination(10, TimeUnit.SECONDS);
		if (this.process != null) {
			signal("CONT");
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		this.nodes.forEach(EtcdClusterFailureEtcdTests.TestNode::stop);
		this.etcd.close();
	}

	@Test
	void killedLeaderProcessIsReplacedAfterItsTtlWithAGreaterToken() throws Exception {
		startProcess();
		long old = await().atMost(Duration.ofSeconds(30)).until(() -> lastValue("GRANTED"), Optional::isPresent).get();
		startFollowers();
		FencingToken stale = new FencingToken(this.group, old, leaseHolder());

		this.process.destroyForcibly();
		assertThat(this.process.waitFor(10, TimeUnit.SECONDS)).isTrue();

		EtcdClusterFailureEtcdTests.TestNode next = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.nodes.stream().filter((node) -> node.coordinator().isLeader(this.group)).findFirst(),
					Optional::isPresent)
			.get();
		assertThat(next.token().value()).isGreaterThan(old);
		for (EtcdClusterFailureEtcdTests.TestNode node : this.nodes) {
			assertThatExceptionOfType(FencingException.class).isThrownBy(() -> node.coordinator().verify(stale));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> history().stream().anyMatch((entry) -> entry.token() > old));
		assertHistoryInTokenOrder(history());
	}

	@Test
	void leaderProcessPausedBeyondItsTtlStopsBelievingAndItsStaleTokenFailsVerification() throws Exception {
		startProcess();
		long old = await().atMost(Duration.ofSeconds(30)).until(() -> lastValue("GRANTED"), Optional::isPresent).get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.output.contains("WROTE " + old));
		startFollowers();

		signal("STOP");

		EtcdClusterFailureEtcdTests.TestNode next = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.nodes.stream().filter((node) -> node.coordinator().isLeader(this.group)).findFirst(),
					Optional::isPresent)
			.get();
		FencingToken current = next.token();
		assertThat(current.value()).isGreaterThan(old);
		await().atMost(Duration.ofSeconds(10)).until(() -> history().stream().anyMatch((entry) -> entry.token() > old));

		signal("CONT");

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.output).as("the paused process's output")
				.contains("STALE " + old)
				.anyMatch((line) -> line.equals("REVOKED " + old + " STORE_UNREACHABLE")
						|| line.equals("REVOKED " + old + " LEASE_LOST")));
		assertThat(this.output).doesNotContain("VALID " + old);
		assertThat(next.coordinator().isLeader(this.group)).isTrue();
		List<Entry> history = history();
		assertHistoryInTokenOrder(history);
		assertThat(history).extracting(Entry::token).contains(old, current.value());
	}

	/** Two in-process nodes that follow, each making guarded writes while it leads. */
	private void startFollowers() {
		for (int i = 0; i < 2; i++) {
			EtcdClusterFailureEtcdTests.TestNode node = EtcdClusterFailureEtcdTests.TestNode.start(this.etcd,
					"node-" + i, this.group, NAMESPACE, TTL, TTL.dividedBy(4), Duration.ofMillis(200));
			this.nodes.add(node);
			this.writers.scheduleWithFixedDelay(() -> node.coordinator()
				.token(this.group)
				.ifPresent((token) -> EtcdNodeProcess.guardedWrite(node.client(), NAMESPACE, this.group, token)), 0, 20,
					TimeUnit.MILLISECONDS);
		}
	}

	/** The holder of the group's current lease, as the followers read it. */
	private String leaseHolder() {
		return this.nodes.get(0).coordinator().lease(this.group).orElseThrow().holder();
	}

	/**
	 * Tokens of the guarded writes never go back in store order, and each token was
	 * written by one holder.
	 */
	private static void assertHistoryInTokenOrder(List<Entry> history) {
		long previous = 0;
		Map<Long, String> holders = new HashMap<>();
		for (Entry entry : history) {
			assertThat(entry.token()).as("tokens of the guarded writes, in store order")
				.isGreaterThanOrEqualTo(previous);
			previous = entry.token();
			assertThat(holders.computeIfAbsent(entry.token(), (token) -> entry.holder())).isEqualTo(entry.holder());
		}
	}

	private void startProcess() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String endpoints = String.join(",", this.etcd.endpoints());
		this.process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				EtcdNodeProcess.class.getName(), endpoints, NAMESPACE, this.group, "paused-node",
				String.valueOf(TTL.toMillis()))
			.redirectErrorStream(true)
			.start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					this.output.add(line);
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		}, "paused-node-output");
		reader.setDaemon(true);
		reader.start();
	}

	private Optional<Long> lastValue(String prefix) {
		List<String> lines = new ArrayList<>(this.output);
		for (int i = lines.size() - 1; i >= 0; i--) {
			if (lines.get(i).startsWith(prefix + " ")) {
				return Optional.of(Long.parseLong(lines.get(i).split(" ")[1]));
			}
		}
		return Optional.empty();
	}

	private void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
	}

	/** The guarded writes in store order (mod revision). */
	private List<Entry> history() throws Exception {
		ByteSequence prefix = ByteSequence.from(NAMESPACE + "/history/" + this.group + "/", StandardCharsets.UTF_8);
		List<KeyValue> kvs = this.nodes.get(0)
			.client()
			.getKVClient()
			.get(prefix, GetOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS)
			.getKvs();
		return kvs.stream().sorted(Comparator.comparingLong(KeyValue::getModRevision)).map((kv) -> {
			String[] parts = kv.getValue().toString(StandardCharsets.UTF_8).split(" ");
			return new Entry(parts[0], Long.parseLong(parts[1]));
		}).toList();
	}

	private record Entry(String holder, long token) {

	}

}
