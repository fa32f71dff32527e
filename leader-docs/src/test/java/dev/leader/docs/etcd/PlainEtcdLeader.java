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

package dev.leader.docs.etcd;

import java.time.Duration;

import io.etcd.jetcd.Client;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leader.etcd.EtcdLeaderCoordinator;

/**
 * The etcd coordinator without Spring Boot (docs/etcd-store.md).
 */
public class PlainEtcdLeader {

	private static final Logger log = LoggerFactory.getLogger(PlainEtcdLeader.class);

	void run() {
		Client client = Client.builder()
			.endpoints("http://etcd1:2379", "http://etcd2:2379", "http://etcd3:2379")
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		EtcdLeaderCoordinator coordinator = EtcdLeaderCoordinator.builder(client)
			.namespace("/leader") // default
			.leaseDuration(Duration.ofSeconds(10)) // the etcd lease's TTL
			.renewInterval(Duration.ofSeconds(3)) // keep-alive period
			.groups("billing")
			.listener((event) -> log.info("{}", event))
			.build();
		coordinator.start(); // grants this node's etcd lease and campaigns
		// ... the same calls as with LeaseCoordinator
		coordinator.stop(); // deletes its keys, revokes its lease; the client stays open
		client.close();
	}

}
