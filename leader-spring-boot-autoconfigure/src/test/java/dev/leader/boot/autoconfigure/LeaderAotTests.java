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

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import dev.leader.FencingToken;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The starter in AOT mode: the context is processed ahead of time, the generated code
 * compiled, and the application started from it, as a native image or
 * {@code spring.aot.enabled=true} would. A {@code @LeaderOnly} method with no other
 * Spring annotation is still proxied and skipped on a follower; properties that would
 * have chosen another store than the one built in fail at startup.
 */
class LeaderAotTests {

	private final String database = "jdbc:h2:mem:aot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@TempDir
	Path workDirectory;

	@Test
	void leaderOnlyMethodsAreProxiedAndSkippedOnAFollowerInAotMode() {
		Map<String, Object> properties = properties("aot-follower");
		runAheadOfTime(properties, properties, (follower) -> {
			PlainJob job = follower.getBean(PlainJob.class);
			assertThat(AopUtils.isAopProxy(job)).as("the @LeaderOnly bean is proxied").isTrue();
			LeaderCoordinator coordinator = follower.getBean(LeaderCoordinator.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> coordinator.isLeader("aot"));
			FencingToken token = coordinator.token("aot").orElseThrow();
			assertThat(job.run()).isEqualTo(token);
			coordinator.yield("aot");
			assertThat(job.run()).as("skipped once this node no longer leads").isNull();
		});
	}

	@Test
	void runningWithPropertiesThatSelectAnotherStoreFailsAtStartup() {
		Map<String, Object> built = properties("aot-mismatch");
		Map<String, Object> running = new HashMap<>(built);
		running.put("leader.zookeeper.connect-string", "127.0.0.1:1");
		assertThatException().isThrownBy(() -> runAheadOfTime(built, running, (context) -> {
		}))
			.havingRootCause()
			.isInstanceOf(LeaderConfigurationException.class)
			.withMessageContaining("built with the jdbc store")
			.withMessageContaining("select the zookeeper store");
	}

	private Map<String, Object> properties(String nodeId) {
		return Map.of("spring.datasource.url", this.database, "leader.node-id", nodeId, "leader.jdbc.lease-duration",
				"2s", "leader.jdbc.renew-interval", "500ms", "leader.jdbc.retry-interval", "100ms");
	}

	/**
	 * Process the application ahead of time with {@code built}, compile what that
	 * generated, and start the application from it with {@code running}.
	 */
	private void runAheadOfTime(Map<String, Object> built, Map<String, Object> running,
			Consumer<GenericApplicationContext> assertions) {
		AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext();
		buildTime.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", built));
		buildTime.register(AotApplication.class);
		ApplicationContextInitializer<GenericApplicationContext> initializer = AheadOfTime.process(buildTime,
				AotApplication.class, this.workDirectory);
		GenericApplicationContext runTime = new GenericApplicationContext();
		runTime.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", running));
		initializer.initialize(runTime);
		try {
			runTime.refresh();
			assertions.accept(runTime);
		}
		finally {
			runTime.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, LeaderAutoConfiguration.class })
	static class AotApplication {

		@Bean
		PlainJob plainJob() {
			return new PlainJob();
		}

	}

	/** No Spring annotation but {@code @LeaderOnly}. */
	public static class PlainJob {

		@LeaderOnly("aot")
		public FencingToken run() {
			return LeaderContext.require();
		}

	}

}
