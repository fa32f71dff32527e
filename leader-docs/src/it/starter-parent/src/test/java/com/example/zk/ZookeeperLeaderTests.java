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

package com.example.zk;

import java.time.Duration;

import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;

import dev.leader.LeaderCoordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ZookeeperLeaderTests {

	@Test
	void startsAndLeadsOnZookeeperWithTheVersionsOfLeaderBom() throws Exception {
		assertThat(LeaderInitiator.class.getPackage().getImplementationVersion()).isEqualTo("7.0.5");
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("io.netty.channel.epoll.Epoll"));
		try (TestingServer zookeeper = new TestingServer();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
					.web(WebApplicationType.NONE)
					.properties("leader.zookeeper.connect-string=" + zookeeper.getConnectString())
					.run()) {
			LeaderCoordinator coordinator = context.getBean(LeaderCoordinator.class);
			assertThat(coordinator.store()).isEqualTo("zookeeper");
			Application.Job job = context.getBean(Application.Job.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> job.runs() > 0);
			assertThat(coordinator.token("outside")).hasValueSatisfying((token) -> assertThat(token.value()).isPositive());
		}
	}

}
