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

package dev.leader.docs.core;

import java.time.Duration;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcLeaseStore;
import dev.leader.lease.LeaseCoordinator;

/**
 * The coordinator without Spring Boot (docs/core-api.md).
 */
public class PlainJdbcLeader {

	private static final Logger log = LoggerFactory.getLogger(PlainJdbcLeader.class);

	void run(DataSource dataSource) {
		JdbcLeaseStore store = new JdbcLeaseStore(dataSource); // table leader_lease
		LeaseCoordinator coordinator = LeaseCoordinator.builder(store)
			.groups("billing")
			.timings(Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(1))
			.listener((event) -> log.info("{}", event)) // LeadershipGrantedEvent /
														// LeadershipRevokedEvent
			.build();
		coordinator.start();

		if (coordinator.isLeader("billing")) { // no round trip
			FencingToken token = coordinator.token("billing").orElseThrow();
			coordinator.verify(token); // one round trip, throws FencingException
		}
		coordinator.yield("billing"); // hand over now
		coordinator.stop(); // releases every lease this node holds
	}

}
