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

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The RabbitMQ server of the project's machines, for the message-fencing tests. When it
 * is missing its tests are skipped with a message that names it, unless
 * {@code -Dleader.test.require-databases=true} (as in {@code .ci/run}; the flag covers
 * every server the tests need) turns that into a failure.
 */
public final class TestRabbitMq {

	public static final String HOST = "127.0.0.1";

	public static final int PORT = 5672;

	public static final String USER = "guest";

	public static final String PASSWORD = "guest";

	private TestRabbitMq() {
	}

	/**
	 * Skip (or fail, when servers are required) unless the broker accepts a connection.
	 */
	public static void assumeAvailable() {
		String problem = probe();
		if (problem == null) {
			return;
		}
		String message = "RabbitMQ is not reachable at " + HOST + ":" + PORT + " (user " + USER + "): " + problem;
		if (Boolean.getBoolean("leader.test.require-databases")) {
			Assertions.fail(message + ". This run requires it (-Dleader.test.require-databases=true).");
		}
		Assumptions.abort(message + ". Skipping its tests; .ci/run requires it.");
	}

	private static String probe() {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setPort(PORT);
		factory.setUsername(USER);
		factory.setPassword(PASSWORD);
		factory.setConnectionTimeout(3000);
		try (Connection connection = factory.newConnection("leader-test-probe")) {
			return connection.isOpen() ? null : "connection not open";
		}
		catch (Exception ex) {
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

}
