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

package dev.leader.docs.quickstart;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.leader.LeaderCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's quick start runs as written: on the H2 default, the one node leads group
 * "invoicing" and its job issues the due invoices under its fencing token.
 */
class QuickStartH2Tests {

	@Test
	void quickStartApplicationLeadsAndIssuesInvoicesUnderItsToken() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("spring.datasource.url=jdbc:h2:mem:quickstart;DB_CLOSE_DELAY=-1",
					"spring.sql.init.schema-locations=classpath:dev/leader/docs/quickstart/schema.sql",
					"invoicing.interval=100ms", "leader.jdbc.lease-duration=2s", "leader.jdbc.renew-interval=500ms",
					"leader.jdbc.retry-interval=100ms")
			.run()) {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc.sql("SELECT COUNT(*) FROM invoice WHERE issued_token IS NULL")
					.query(Long.class)
					.single() == 0);
			long token = coordinator.token("invoicing").orElseThrow().value();
			assertThat(jdbc.sql("SELECT DISTINCT issued_token FROM invoice").query(Long.class).list())
				.containsExactly(token);
		}
	}

}
