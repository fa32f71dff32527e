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

package dev.leader.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.StreamUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Startup failures as a user sees them: a real {@code SpringApplication} prints the
 * failure analysis registered in {@code spring.factories}; the configuration metadata
 * documents every property.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaderFailureAnalysisTests {

	@Test
	void durationsOutOfOrderArePrintedWithWhatToChange(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("leader.lease-duration=4s", "leader.renew-interval=3s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Leader election is not configured correctly: leader.renew-interval (3000 ms) must be at most "
					+ "half of leader.lease-duration (4000 ms)")
			.contains("leader.enabled=false");
	}

	@Test
	void unknownStoreIsPrintedWithTheValidValues(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("leader.store=consul"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("leader.store")
			.contains("consul")
			.containsPattern("AUTO\\s+ETCD\\s+JDBC\\s+ZOOKEEPER");
	}

	@Test
	void missingTablePrintsTheScriptToUse(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("leader.jdbc.initialize-schema=never"));
		assertThat(output).contains("Lease table 'leader_lease' does not exist")
			.contains("classpath:dev/leader/jdbc/schema-h2.sql");
	}

	@Test
	void leaseTableOfThePreviousLayoutPrintsTheUpgradeScript(CapturedOutput output) {
		String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
		// The table as the first scripts created it: holders of at most 128 characters.
		new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""))
			.execute("CREATE TABLE leader_lease (group_name VARCHAR(128) NOT NULL PRIMARY KEY, holder VARCHAR(128), "
					+ "token BIGINT NOT NULL, acquired_at TIMESTAMP WITH TIME ZONE, "
					+ "renewed_at TIMESTAMP WITH TIME ZONE, expires_at TIMESTAMP WITH TIME ZONE NOT NULL)");
		assertThatException().isThrownBy(() -> runOn(url, "leader.jdbc.initialize-schema=never"));
		assertThat(output).contains("APPLICATION FAILED TO START").contains("upgrade-2-h2.sql");
	}

	@Test
	void everyPropertyHasADescriptionInTheMetadata() throws Exception {
		String json = StreamUtils.copyToString(
				new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream(),
				StandardCharsets.UTF_8);
		String properties = json.substring(json.indexOf("\"properties\""));
		// Property entries are JSON objects, nested at most once (a deprecation).
		String flat = "(?:[^{}]|\\{[^{}]*})*";
		Matcher entries = Pattern.compile("\\{" + flat + "?\"name\"\\s*:\\s*\"(leader\\.[^\"]+)\"" + flat + "}")
			.matcher(properties);
		Map<String, String> byName = new LinkedHashMap<>();
		while (entries.find()) {
			byName.put(entries.group(1), entries.group());
		}
		assertThat(byName).containsKeys("leader.enabled", "leader.store", "leader.node-id", "leader.lease-duration",
				"leader.renew-interval", "leader.retry-interval", "leader.groups", "leader.verify-before-run",
				"leader.jdbc.table-name", "leader.jdbc.initialize-schema", "leader.zookeeper.connect-string",
				"leader.zookeeper.root", "leader.zookeeper.session-timeout", "leader.zookeeper.connection-timeout",
				"leader.etcd.endpoints", "leader.etcd.namespace", "leader.etcd.lease-duration",
				"leader.etcd.ssl.bundle");
		assertThat(byName).allSatisfy((name, entry) -> assertThat(entry).as("metadata of %s", name)
			.containsPattern("\"description\"\\s*:\\s*\"[^\"]+"));
		assertThat(byName.get("leader.lease-duration")).containsPattern("\"defaultValue\"\\s*:\\s*\"10s\"");
		assertThat(byName.get("leader.jdbc.table-name")).containsPattern("\"defaultValue\"\\s*:\\s*\"leader_lease\"");
	}

	private static void run(String... properties) {
		runOn("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", properties);
	}

	private static void runOn(String url, String... properties) {
		new SpringApplicationBuilder(EmptyApplication.class).web(WebApplicationType.NONE)
			.properties("spring.datasource.url=" + url, "spring.main.banner-mode=off")
			.properties(properties)
			.run()
			.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class EmptyApplication {

	}

}
