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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@link TcpProxy} in front of an echo server.
 */
class TcpProxyTests {

	/** How long a read waits for bytes that a frozen proxy must not deliver. */
	private static final int SILENCE_MILLIS = 300;

	private final StringBuffer received = new StringBuffer();

	private ServerSocket echoServer;

	private TcpProxy proxy;

	@BeforeEach
	void setUp() throws IOException {
		this.echoServer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::echoLoop, "echo-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		this.proxy = new TcpProxy("127.0.0.1", this.echoServer.getLocalPort());
	}

	@AfterEach
	void tearDown() throws IOException {
		this.proxy.close();
		this.echoServer.close();
	}

	@Test
	void forwardsBothWays() throws IOException {
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "hello")).isEqualTo("hello");
			assertThat(roundTrip(socket, "again")).isEqualTo("again");
		}
	}

	@Test
	void cutClosesConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "before")).isEqualTo("before");
			this.proxy.cut();
			assertClosed(socket);
		}
		try (Socket refused = connect()) {
			assertClosed(refused);
		}
		this.proxy.heal();
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "after")).isEqualTo("after");
		}
		assertThat(this.proxy.openConnections()).isLessThanOrEqualTo(1);
	}

	@Test
	void freezeForwardsNothingAndHealClosesTheFrozenConnections() throws IOException {
		try (Socket frozen = connect(); Socket late = connect()) {
			assertThat(roundTrip(frozen, "before")).isEqualTo("before");
			this.proxy.freeze();
			send(frozen, "lost");
			assertSilent(frozen);
			try (Socket acceptedWhileFrozen = connect()) {
				send(acceptedWhileFrozen, "lost too");
				assertSilent(acceptedWhileFrozen);
				this.proxy.heal();
				assertClosed(acceptedWhileFrozen);
			}
			assertClosed(frozen);
			assertClosed(late);
		}
		try (Socket socket = connect()) {
			assertThat(roundTrip(socket, "after")).isEqualTo("after");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.proxy.openConnections() == 0);
		assertThat(this.received.toString()).isEqualTo("beforeafter");
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
		socket.setSoTimeout(5000);
		return socket;
	}

	private static String roundTrip(Socket socket, String message) throws IOException {
		send(socket, message);
		byte[] expected = message.getBytes(StandardCharsets.UTF_8);
		return new String(socket.getInputStream().readNBytes(expected.length), StandardCharsets.UTF_8);
	}

	private static void send(Socket socket, String message) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(message.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void assertSilent(Socket socket) throws IOException {
		int timeout = socket.getSoTimeout();
		socket.setSoTimeout(SILENCE_MILLIS);
		try {
			assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(() -> socket.getInputStream().read());
		}
		finally {
			socket.setSoTimeout(timeout);
		}
	}

	/**
	 * The proxy closed the connection: end of stream, or a reset when it still held
	 * unread bytes.
	 */
	private static void assertClosed(Socket socket) throws IOException {
		try {
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		catch (SocketException ex) {
			assertThat(ex).hasMessageContaining("reset");
		}
	}

	private void echoLoop() {
		while (!this.echoServer.isClosed()) {
			try {
				Socket socket = this.echoServer.accept();
				Thread echo = new Thread(() -> echo(socket, this.received), "echo");
				echo.setDaemon(true);
				echo.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void echo(Socket socket, StringBuffer received) {
		try (socket) {
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[1024];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// the test closed the connection
		}
	}

}
