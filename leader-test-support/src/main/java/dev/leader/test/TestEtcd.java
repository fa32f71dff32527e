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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.assertj.core.api.Assertions;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * Real etcd servers for the etcd store's tests: {@code /usr/bin/etcd} (Debian package
 * {@code etcd-server}) started as processes on free loopback ports, in a temporary data
 * directory deleted on {@link #close()}. A single member or a cluster; each member can be
 * stopped, killed ({@code kill -9}), paused ({@code SIGSTOP}/{@code SIGCONT}) and
 * restarted from its data directory. Members tick every {@value #HEARTBEAT_MILLIS} ms and
 * elect after {@value #ELECTION_MILLIS} ms, so that the shortest lease TTL the cluster
 * grants is 1 s.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public final class TestEtcd implements AutoCloseable {

	/** The etcd binary the tests run. */
	public static final String BINARY = System.getProperty("leader.test.etcd", "/usr/bin/etcd");

	/** The members' heartbeat interval. */
	public static final int HEARTBEAT_MILLIS = 50;

	/** The members' election timeout. */
	public static final int ELECTION_MILLIS = 500;

	static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final Path directory;

	private final List<TestEtcdMember> members = new ArrayList<>();

	/** The self-signed certificate the members serve, or {@code null} without TLS. */
	private final @Nullable Path certificate;

	private final @Nullable Path key;

	/**
	 * Whether the members require client certificates signed by {@link #certificate()}.
	 */
	private final boolean clientCertificates;

	private TestEtcd(int size, boolean tls, boolean clientCertificates) {
		try {
			this.directory = Files.createTempDirectory("leader-etcd");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.clientCertificates = clientCertificates;
		if (tls) {
			this.certificate = this.directory.resolve("server.crt");
			this.key = this.directory.resolve("server.key");
			openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
					"subjectAltName=IP:127.0.0.1", "-keyout", this.key.toString(), "-out", this.certificate.toString());
			if (clientCertificates) {
				Path request = this.directory.resolve("client.csr");
				openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=leader-test-client", "-keyout",
						clientKey().toString(), "-out", request.toString());
				openssl("x509", "-req", "-in", request.toString(), "-CA", this.certificate.toString(), "-CAkey",
						this.key.toString(), "-CAcreateserial", "-days", "1", "-out", clientCertificate().toString());
			}
		}
		else {
			this.certificate = null;
			this.key = null;
		}
		String token = "leader-test-" + UUID.randomUUID();
		for (int i = 1; i <= size; i++) {
			this.members
				.add(new TestEtcdMember("m" + i, freePort(), freePort(), token, this.directory, tlsArguments()));
		}
		String initialCluster = this.members.stream()
			.map((member) -> member.name() + "=" + member.peerUrl())
			.collect(Collectors.joining(","));
		this.members.forEach((member) -> member.initialCluster(initialCluster));
	}

	/**
	 * Skip the current test (or fail it, when {@code leader.test.require-databases} is
	 * {@code true}) unless the etcd binary is installed.
	 */
	public static void assumeAvailable() {
		if (new File(BINARY).canExecute()) {
			return;
		}
		String message = "etcd is not installed at " + BINARY + " (Debian package etcd-server: apt-get install "
				+ "etcd-server)";
		if (Boolean.getBoolean("leader.test.require-databases")) {
			Assertions.fail(message + ". This run requires it (-Dleader.test.require-databases=true).");
		}
		Assumptions.abort(message + ". Skipping its tests; .ci/run requires it.");
	}

	/**
	 * Start a single member (skipping the test when etcd is not installed).
	 * @return the started server
	 */
	public static TestEtcd startMember() {
		return startCluster(1);
	}

	/**
	 * Start a cluster and wait until it has a leader (skipping the test when etcd is not
	 * installed).
	 * @param size the number of members
	 * @return the started cluster
	 */
	public static TestEtcd startCluster(int size) {
		return start(size, false, false);
	}

	/**
	 * Start a single member that serves its clients over TLS only, with a self-signed
	 * certificate for {@code 127.0.0.1} ({@link #certificate()}), needs {@code openssl}.
	 * @return the started server
	 */
	public static TestEtcd startTlsMember() {
		return start(1, true, false);
	}

	/**
	 * Start a single member that serves its clients over TLS, as
	 * {@link #startTlsMember()}, and accepts only clients with a certificate signed by
	 * {@link #certificate()} ({@link #clientCertificate()}, {@link #clientKey()}).
	 * @return the started server
	 */
	public static TestEtcd startMutualTlsMember() {
		return start(1, true, true);
	}

	private static TestEtcd start(int size, boolean tls, boolean clientCertificates) {
		assumeAvailable();
		TestEtcd cluster = new TestEtcd(size, tls, clientCertificates);
		try {
			cluster.members.forEach(TestEtcdMember::start);
			cluster.awaitHealthy();
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	/**
	 * The PEM certificate a TLS member serves (self-signed, for {@code 127.0.0.1}): the
	 * trust material for its clients.
	 * @return the certificate file
	 * @throws IllegalStateException when the members do not use TLS
	 */
	public Path certificate() {
		if (this.certificate == null) {
			throw new IllegalStateException("The etcd members do not use TLS");
		}
		return this.certificate;
	}

	/**
	 * The PEM client certificate a member of {@link #startMutualTlsMember()} accepts.
	 * @return the certificate file
	 */
	public Path clientCertificate() {
		return this.directory.resolve("client.crt");
	}

	/**
	 * The PEM private key of {@link #clientCertificate()}.
	 * @return the key file
	 */
	public Path clientKey() {
		return this.directory.resolve("client.key");
	}

	/**
	 * The client URLs of every member, as jetcd takes them.
	 * @return the endpoints
	 */
	public String[] endpoints() {
		return this.members.stream().map(TestEtcdMember::clientUrl).toArray(String[]::new);
	}

	/**
	 * The members, in the order they were created.
	 * @return the members
	 */
	public List<TestEtcdMember> members() {
		return List.copyOf(this.members);
	}

	/**
	 * A member.
	 * @param index its index, from 0
	 * @return the member
	 */
	public TestEtcdMember member(int index) {
		return this.members.get(index);
	}

	/**
	 * The member listening on a client port.
	 * @param clientPort the port
	 * @return the member
	 */
	public TestEtcdMember memberOnClientPort(int clientPort) {
		return this.members.stream()
			.filter((member) -> member.clientPort() == clientPort)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No member on port " + clientPort));
	}

	/**
	 * Wait until every running member accepts client connections and the cluster has a
	 * leader (a write through the v3 API's health check).
	 */
	public void awaitHealthy() {
		await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(this::isHealthy);
	}

	private boolean isHealthy() {
		for (TestEtcdMember member : this.members) {
			// A TLS member's health needs its certificate: it is waited for by its
			// clients.
			if (member.isRunning() && this.certificate == null && !member.isHealthy()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Kill every member and delete the data directory.
	 */
	@Override
	public void close() {
		this.members.forEach(TestEtcdMember::kill);
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private static void openssl(String... arguments) {
		List<String> command = new ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		try {
			Process openssl = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
				throw new IllegalStateException("openssl failed for the etcd test member: " + command);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run openssl", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** etcd's arguments for TLS on client connections, empty without TLS. */
	private List<String> tlsArguments() {
		if (this.certificate == null || this.key == null) {
			return List.of();
		}
		List<String> arguments = new ArrayList<>(
				List.of("--cert-file", this.certificate.toString(), "--key-file", this.key.toString()));
		if (this.clientCertificates) {
			arguments.addAll(List.of("--client-cert-auth", "--trusted-ca-file", this.certificate.toString()));
		}
		return arguments;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
