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

package dev.leader.bench.node;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Spring Integration's {@link LockRegistryLeaderInitiator} over a
 * {@link JdbcLockRegistry} whose lock TTL is the shared lease setting, with the
 * initiator's defaults (heart beat 500 ms, busy wait 50 ms) and the registry's (100 ms
 * between tries). One initiator per group (its role); the job runs a group while the
 * initiator's context says this node leads.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SiJdbcNode {

	@Bean
	PlatformTransactionManager transactionManager(DataSource dataSource) {
		return new DataSourceTransactionManager(dataSource);
	}

	@Bean
	DefaultLockRepository lockRepository(DataSource dataSource, NodeSettings settings) {
		DefaultLockRepository repository = new DefaultLockRepository(dataSource, settings.nodeId());
		repository.setRegion("bench");
		return repository;
	}

	@Bean
	JdbcLockRegistry lockRegistry(DefaultLockRepository repository, NodeSettings settings) {
		return new JdbcLockRegistry(repository, settings.lease());
	}

	static void registerInitiators(GenericApplicationContext context, NodeSettings settings) {
		for (int i = 0; i < settings.groups(); i++) {
			String role = NodeSettings.group(i);
			context.registerBean("initiator-" + role, LockRegistryLeaderInitiator.class,
					() -> new LockRegistryLeaderInitiator(context.getBean(JdbcLockRegistry.class),
							new DefaultCandidate(settings.nodeId(), role)));
		}
	}

	@Bean
	Job job(Reporter reporter, NodeSettings settings, ApplicationContext context) {
		List<LockRegistryLeaderInitiator> initiators = new ArrayList<>();
		for (int i = 0; i < settings.groups(); i++) {
			initiators.add(context.getBean("initiator-" + NodeSettings.group(i), LockRegistryLeaderInitiator.class));
		}
		return new Job(reporter, initiators);
	}

	static class Job {

		private final Reporter reporter;

		private final List<LockRegistryLeaderInitiator> initiators;

		Job(Reporter reporter, List<LockRegistryLeaderInitiator> initiators) {
			this.reporter = reporter;
			this.initiators = initiators;
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		public void run() {
			for (int i = 0; i < this.initiators.size(); i++) {
				if (this.initiators.get(i).getContext().isLeader()) {
					this.reporter.executed(i);
				}
			}
		}

	}

}
