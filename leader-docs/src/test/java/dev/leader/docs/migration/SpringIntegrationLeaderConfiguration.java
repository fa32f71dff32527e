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

package dev.leader.docs.migration;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * Before the migration: Spring Integration's leader initiator over a JDBC lock registry
 * (docs/migrating-from-spring-integration.md). Delete this configuration.
 */
@Configuration(proxyBeanMethods = false)
public class SpringIntegrationLeaderConfiguration {

	@Bean
	DefaultLockRepository lockRepository(DataSource dataSource) {
		return new DefaultLockRepository(dataSource); // table INT_LOCK
	}

	@Bean
	JdbcLockRegistry lockRegistry(DefaultLockRepository lockRepository) {
		return new JdbcLockRegistry(lockRepository);
	}

	@Bean
	LockRegistryLeaderInitiator leaderInitiator(JdbcLockRegistry lockRegistry) {
		return new LockRegistryLeaderInitiator(lockRegistry,
				new DefaultCandidate(UUID.randomUUID().toString(), "billing"));
	}

}
