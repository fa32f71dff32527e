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

import java.time.Duration;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.leader.etcd.EtcdLeaderCoordinator;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The etcd store over TLS: an etcd member serving a self-signed certificate, trusted
 * through a Spring Boot SSL bundle named by {@code leader.etcd.ssl.bundle}, and a member
 * that requires client certificates, given by the bundle's key store.
 */
class LeaderEtcdTlsEtcdTests {

	private static TestEtcd etcd;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, LeaderAutoConfiguration.class));

	@BeforeAll
	static void startEtcd() {
		etcd = TestEtcd.startTlsMember();
	}

	@AfterAll
	static void stopEtcd() {
		if (etcd != null) {
			etcd.close();
		}
	}

	@Test
	void sslBundleTrustsTheMembersCertificate() {
		this.runner
			.withPropertyValues("leader.etcd.endpoints=" + etcd.member(0).clientUrl(), "leader.etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + etcd.certificate(),
					"leader.groups=reports")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Client.class);
				assertThat(etcd.member(0).clientUrl()).startsWith("https://");
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.isLeader("reports"));
				coordinator.verify(coordinator.token("reports").orElseThrow());
			});
	}

	@Test
	void withoutTheBundleTheCertificateIsNotTrustedAndNobodyLeads() {
		this.runner.withPropertyValues("leader.etcd.endpoints=" + etcd.member(0).clientUrl(), "leader.groups=reports")
			.run((context) -> {
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.until(() -> !coordinator.isLeader("reports"));
			});
	}

	@Test
	void clientCertificateFromTheBundleIsAcceptedWhereTheMemberRequiresOne() {
		try (TestEtcd mutual = TestEtcd.startMutualTlsMember()) {
			ApplicationContextRunner runner = this.runner.withPropertyValues(
					"leader.etcd.endpoints=" + mutual.member(0).clientUrl(), "leader.etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + mutual.certificate(),
					"leader.groups=reports");
			runner
				.withPropertyValues(
						"spring.ssl.bundle.pem.etcd.keystore.certificate=file:" + mutual.clientCertificate(),
						"spring.ssl.bundle.pem.etcd.keystore.private-key=file:" + mutual.clientKey())
				.run((context) -> {
					EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
					await().atMost(Duration.ofSeconds(20)).until(() -> coordinator.isLeader("reports"));
				});
			runner.run((context) -> {
				EtcdLeaderCoordinator coordinator = context.getBean(EtcdLeaderCoordinator.class);
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.until(() -> !coordinator.isLeader("reports"));
			});
		}
	}

	@Test
	void unknownBundleFailsAtStartup() {
		this.runner
			.withPropertyValues("leader.etcd.endpoints=" + etcd.member(0).clientUrl(), "leader.etcd.ssl.bundle=missing")
			.run((context) -> assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("missing"));
	}

}
