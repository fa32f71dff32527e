package com.example.zk;

import java.time.Duration;

import dev.leader.LeaderCoordinator;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;

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
