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

package dev.leader.sample.billing.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A payment provider simulator, a separate HTTP service as in real life. Run it on its
 * own with
 * {@code java -Dloader.main=dev.leader.sample.billing.provider.PaymentProviderSimulator
 * -jar sample-billing-app.jar [--port=8090]}, or start it in a test with
 * {@link #start(int)}. It listens on the loopback address only.
 *
 * @author leader-spring-boot-starter
 */
public final class PaymentProviderSimulator implements AutoCloseable {

	/** Held requests are answered after this long at the latest. */
	private static final Duration MAX_HOLD = Duration.ofSeconds(60);

	private static final String NODELAY = "sun.net.httpserver.nodelay";

	private final HttpServer server;

	private final ExecutorService executor;

	private final ProviderLedger ledger;

	private final ChargeHolds holds;

	private PaymentProviderSimulator(HttpServer server, ExecutorService executor, ProviderLedger ledger,
			ChargeHolds holds) {
		this.server = server;
		this.executor = executor;
		this.ledger = ledger;
		this.holds = holds;
	}

	/**
	 * Start a simulator with an empty ledger.
	 * @param port the port, or 0 for any free one
	 * @return the running simulator
	 */
	public static PaymentProviderSimulator start(int port) {
		// Answers go out in two writes (headers, body): without TCP_NODELAY each waits
		// for the client's delayed acknowledgement, some 40 ms per charge.
		if (System.getProperty(NODELAY) == null) {
			System.setProperty(NODELAY, "true");
		}
		Clock clock = Clock.systemUTC();
		ProviderLedger ledger = new ProviderLedger(clock);
		ChargeHolds holds = new ChargeHolds(MAX_HOLD);
		JsonExchanges json = new JsonExchanges(JsonMapper.builder().build());
		AtomicInteger threads = new AtomicInteger();
		ExecutorService executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "provider-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
			server.createContext("/charges", new ChargesHandler(ledger, holds, json, clock));
			server.createContext("/ledger", new LedgerHandler(ledger, holds, json));
			server.createContext("/simulator", new HoldsHandler(holds, json));
			server.setExecutor(executor);
			server.start();
			return new PaymentProviderSimulator(server, executor, ledger, holds);
		}
		catch (IOException ex) {
			executor.shutdownNow();
			throw new UncheckedIOException("Could not listen on port " + port, ex);
		}
	}

	/**
	 * The base URL to configure as {@code billing.gateway.url}.
	 * @return the base URL
	 */
	public URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/**
	 * The simulator's books.
	 * @return the ledger
	 */
	public ProviderLedger ledger() {
		return this.ledger;
	}

	/**
	 * Fault injection: requests held in flight.
	 * @return the holds
	 */
	public ChargeHolds holds() {
		return this.holds;
	}

	@Override
	public void close() {
		this.holds.release();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	public static void main(String[] args) throws InterruptedException {
		int port = 8090;
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				port = Integer.parseInt(arg.substring("--port=".length()));
			}
			else {
				System.err.println("Usage: PaymentProviderSimulator [--port=8090]");
				System.exit(2);
			}
		}
		PaymentProviderSimulator simulator = start(port);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}, "provider-shutdown"));
		System.out.println("Payment provider simulator listening on " + simulator.url()
				+ " (POST /charges, GET /ledger, GET /ledger/charges, GET /ledger/rejections)");
		stopped.await();
	}

}
