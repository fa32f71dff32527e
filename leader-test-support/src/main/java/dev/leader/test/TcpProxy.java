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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy between a client (such as a node's connection pool) and a server (its
 * database), listening on an ephemeral port of the loopback address, that injects network
 * faults:
 * <ul>
 * <li>{@link #cut()} closes every connection and closes new ones at once, until
 * {@link #heal()};</li>
 * <li>{@link #freeze()} keeps every socket open but forwards nothing in either direction,
 * and accepts new connections without forwarding anything for them either, like a
 * partition that drops packets; {@link #heal()} then closes the frozen connections (bytes
 * held during the freeze are never delivered), so that clients reconnect.</li>
 * </ul>
 * Each connection has two daemon threads, one per direction; threads that must wait while
 * frozen wait on the proxy's monitor, never by sleeping.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public final class TcpProxy implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	private static final int BUFFER_SIZE = 16 * 1024;

	private static final AtomicInteger instances = new AtomicInteger();

	private final String targetHost;

	private final int targetPort;

	private final String name;

	private final ServerSocket server;

	private final Thread acceptor;

	private final AtomicInteger threads = new AtomicInteger();

	private final AtomicInteger accepted = new AtomicInteger();

	private final Object monitor = new Object();

	/** Open connections; guarded by {@link #monitor}. */
	private final Set<Link> links = new HashSet<>();

	/** Guarded by {@link #monitor}. */
	private State state = State.FORWARDING;

	/**
	 * Start a proxy to a server.
	 * @param targetHost the server's host
	 * @param targetPort the server's port
	 */
	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open a proxy port to " + targetHost + ":" + targetPort, ex);
		}
		this.name = "tcp-proxy-" + instances.incrementAndGet() + "-" + this.server.getLocalPort();
		this.acceptor = newThread("accept", this::acceptLoop);
		this.acceptor.start();
	}

	/**
	 * The port the proxy listens on (loopback address).
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Close every connection and close new ones as soon as they are accepted, until
	 * {@link #heal()}.
	 */
	public void cut() {
		synchronized (this.monitor) {
			requireNotClosed();
			this.state = State.CUT;
			closeAllLinks();
		}
	}

	/**
	 * Stop forwarding bytes in both directions while keeping every socket open; new
	 * connections are accepted but nothing is forwarded for them, until {@link #heal()}.
	 */
	public void freeze() {
		synchronized (this.monitor) {
			requireNotClosed();
			this.state = State.FROZEN;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Forward again. Connections frozen by {@link #freeze()} are closed (what they held
	 * is dropped), so that clients reconnect on fresh connections.
	 */
	public void heal() {
		synchronized (this.monitor) {
			requireNotClosed();
			if (this.state == State.FROZEN) {
				closeAllLinks();
			}
			this.state = State.FORWARDING;
			this.monitor.notifyAll();
		}
	}

	/**
	 * The number of client connections open through the proxy.
	 * @return the open connections
	 */
	public int openConnections() {
		synchronized (this.monitor) {
			return this.links.size();
		}
	}

	/**
	 * The number of client connections accepted since the proxy started, including those
	 * closed at once during a cut.
	 * @return the accepted connections
	 */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/**
	 * Stop listening and close every connection. Idempotent.
	 */
	@Override
	public void close() {
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
			closeAllLinks();
		}
		closeQuietly(this.server);
		try {
			this.acceptor.join(CONNECT_TIMEOUT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void acceptLoop() {
		while (true) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (this.server.isClosed()) {
					return;
				}
				continue;
			}
			this.accepted.incrementAndGet();
			Link link = new Link(client);
			synchronized (this.monitor) {
				if (this.state == State.CLOSED) {
					closeQuietly(client);
					return;
				}
				if (this.state == State.CUT) {
					closeQuietly(client);
					continue;
				}
				this.links.add(link);
			}
			newThread("link", link::run).start();
		}
	}

	/**
	 * Wait while the proxy is frozen.
	 * @return {@code true} when the link may forward, {@code false} when it is closed
	 */
	private boolean awaitForwarding(Link link) {
		synchronized (this.monitor) {
			while (this.state == State.FROZEN && !link.closed) {
				try {
					this.monitor.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					link.closeLocked();
					return false;
				}
			}
			return this.state == State.FORWARDING && !link.closed;
		}
	}

	private void closeAllLinks() {
		List<Link> all = new ArrayList<>(this.links);
		all.forEach(Link::closeLocked);
		this.monitor.notifyAll();
	}

	private void requireNotClosed() {
		if (this.state == State.CLOSED) {
			throw new IllegalStateException(this.name + " is closed");
		}
	}

	private Thread newThread(String role, Runnable task) {
		Thread thread = new Thread(task, this.name + "-" + role + "-" + this.threads.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// closing anyway
			}
		}
	}

	@Override
	public String toString() {
		return this.name + " -> " + this.targetHost + ":" + this.targetPort;
	}

	private enum State {

		FORWARDING, CUT, FROZEN, CLOSED

	}

	/**
	 * One client connection and its connection to the server.
	 */
	private final class Link {

		private final Socket client;

		/** Guarded by {@link TcpProxy#monitor}. */
		private @Nullable Socket upstream;

		/** Guarded by {@link TcpProxy#monitor}. */
		private boolean closed;

		Link(Socket client) {
			this.client = client;
		}

		/**
		 * Connect to the server (once forwarding: a link accepted while frozen connects
		 * nowhere), then pump server to client on this thread and client to server on
		 * another.
		 */
		void run() {
			if (!awaitForwarding(this)) {
				return;
			}
			Socket server = new Socket();
			try {
				this.client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				server.connect(new InetSocketAddress(TcpProxy.this.targetHost, TcpProxy.this.targetPort),
						CONNECT_TIMEOUT_MILLIS);
			}
			catch (IOException ex) {
				closeQuietly(server);
				close();
				return;
			}
			synchronized (TcpProxy.this.monitor) {
				if (this.closed) {
					closeQuietly(server);
					return;
				}
				this.upstream = server;
			}
			newThread("up", () -> pump(this.client, server)).start();
			pump(server, this.client);
		}

		private void pump(Socket from, Socket to) {
			byte[] buffer = new byte[BUFFER_SIZE];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				while (awaitForwarding(this)) {
					int read = in.read(buffer);
					// Bytes read just before a freeze are held until the link is closed.
					if (read < 0 || !awaitForwarding(this)) {
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// A socket closed by a fault, by the peer or by close() ends the link.
			}
			finally {
				close();
			}
		}

		void close() {
			synchronized (TcpProxy.this.monitor) {
				closeLocked();
			}
		}

		void closeLocked() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			TcpProxy.this.links.remove(this);
			closeQuietly(this.client);
			closeQuietly(this.upstream);
			TcpProxy.this.monitor.notifyAll();
		}

	}

}
