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

package dev.leader.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * One etcd member of a {@link TestEtcd}: a process on its own client and peer ports and
 * data directory; it can be stopped, killed, paused, resumed and started again.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public final class TestEtcdMember {

	private final String name;

	private final int clientPort;

	private final int peerPort;

	private final String token;

	private final Path directory;

	private final boolean https;

	private final List<String> tlsArguments;

	private String initialCluster = "";

	private @Nullable Process process;

	private boolean started;

	/**
	 * A member, not started.
	 * @param name its name
	 * @param clientPort its client port
	 * @param peerPort its peer port
	 * @param token the cluster's token
	 * @param directory where its data directory and log go
	 * @param tlsArguments etcd's TLS arguments for client connections, empty for none
	 */
	TestEtcdMember(String name, int clientPort, int peerPort, String token, Path directory, List<String> tlsArguments) {
		this.name = name;
		this.clientPort = clientPort;
		this.peerPort = peerPort;
		this.token = token;
		this.directory = directory;
		this.https = !tlsArguments.isEmpty();
		this.tlsArguments = List.copyOf(tlsArguments);
	}

	void initialCluster(String initialCluster) {
		this.initialCluster = initialCluster;
	}

	/**
	 * The member's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The member's client URL.
	 * @return {@code http://127.0.0.1:<port>} ({@code https} with TLS)
	 */
	public String clientUrl() {
		return (this.https ? "https" : "http") + "://127.0.0.1:" + this.clientPort;
	}

	/**
	 * The member's client port.
	 * @return the port
	 */
	public int clientPort() {
		return this.clientPort;
	}

	String peerUrl() {
		return "http://127.0.0.1:" + this.peerPort;
	}

	/**
	 * Whether the member's process runs (paused counts as running).
	 * @return {@code true} while its process is alive
	 */
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	/**
	 * Start the member, or restart it from its data directory after {@link #stop()} or
	 * {@link #kill()}; returns once it accepts connections.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		Path data = this.directory.resolve(this.name);
		List<String> command = List.of(TestEtcd.BINARY, "--name", this.name, "--data-dir", data.toString(),
				"--listen-client-urls", clientUrl(), "--advertise-client-urls", clientUrl(), "--listen-peer-urls",
				peerUrl(), "--initial-advertise-peer-urls", peerUrl(), "--initial-cluster", this.initialCluster,
				"--initial-cluster-state", this.started ? "existing" : "new", "--initial-cluster-token", this.token,
				"--heartbeat-interval", String.valueOf(TestEtcd.HEARTBEAT_MILLIS), "--election-timeout",
				String.valueOf(TestEtcd.ELECTION_MILLIS), "--log-level", "warn");
		command = new ArrayList<>(command);
		command.addAll(this.tlsArguments);
		File log = this.directory.resolve(this.name + ".log").toFile();
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + TestEtcd.BINARY, ex);
		}
		this.started = true;
		await().atMost(TestEtcd.START_TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
			if (!isRunning()) {
				throw new IllegalStateException("etcd member " + this.name + " exited; see " + log);
			}
			return accepts();
		});
	}

	/** Stop the member gracefully (SIGTERM) and wait for its exit. */
	public synchronized void stop() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			resume();
			current.destroy();
			waitFor(current);
		}
	}

	/** Kill the member ({@code kill -9}) and wait for its exit. */
	public synchronized void kill() {
		Process current = this.process;
		if (current != null && current.isAlive()) {
			current.destroyForcibly();
			waitFor(current);
		}
	}

	/** Pause the member ({@code SIGSTOP}): its connections stay open, unanswered. */
	public void pause() {
		signal("STOP");
	}

	/** Resume a paused member ({@code SIGCONT}). */
	public void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(current.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + current.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.clientPort), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	boolean isHealthy() {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(clientUrl() + "/health"))
					.timeout(Duration.ofSeconds(1))
					.build(), HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("true");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void waitFor(Process current) {
		try {
			if (!current.waitFor(30, TimeUnit.SECONDS)) {
				current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "etcd member " + this.name + " at " + clientUrl();
	}

}
