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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.leader.etcd.EtcdLeaderCoordinator;
import dev.leader.test.TestEtcd;

import static org.awaitility.Awaitility.await;

/**
 * The etcd store with authentication on: {@code leader.etcd.user} and
 * {@code leader.etcd.password} reach the member; a wrong password leads nowhere.
 */
class LeaderEtcdAuthEtcdTests {

	private static final String PASSWORD = "s3cret";

	private static TestEtcd etcd;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LeaderAutoConfiguration.class));

	@BeforeAll
	static void startEtcdWithAuthentication() throws Exception {
		etcd = TestEtcd.startMember();
		try (Client admin = Client.builder().endpoints(etcd.member(0).clientUrl()).build()) {
			Auth auth = admin.getAuthClient();
			auth.roleAdd(bytes("root")).get(10, TimeUnit.SECONDS);
			auth.userAdd(bytes("root"), bytes(PASSWORD)).get(10, TimeUnit.SECONDS);
			auth.userGrantRole(bytes("root"), bytes("root")).get(10, TimeUnit.SECONDS);
			auth.authEnable().get(10, TimeUnit.SECONDS);
		}
	}

	@AfterAll
	static void stopEtcd() {
		if (etcd != null) {
			etcd.close();
		}
	}

	@Test
	void userAndPasswordAuthenticate() {
		this.runner
			.withPropertyValues("leader.etcd.endpoints=" + etcd.member(0).clientUrl(), "leader.etcd.user=root",
					"leader.etcd.password=" + PASSWORD, "leader.groups=reports")
			.run((context) -> {
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> coordinator.isLeader("reports"));
				coordinator.verify(coordinator.token("reports").orElseThrow());
			});
	}

	@Test
	void wrongPasswordLeadsNowhere() {
		this.runner
			.withPropertyValues("leader.etcd.endpoints=" + etcd.member(0).clientUrl(), "leader.etcd.user=root",
					"leader.etcd.password=wrong", "leader.groups=reports", "leader.etcd.request-timeout=1s")
			.run((context) -> {
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.until(() -> !coordinator.isLeader("reports"));
			});
	}

	private static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

}
