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

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * ShedLock as documented: {@code @Scheduled @SchedulerLock} over
 * {@code JdbcTemplateLockProvider} with {@code usingDbTime()}. {@code lockAtMostFor} is
 * the shared lease setting; {@code lockAtLeastFor} is 80 % of the tick so that one node
 * runs each tick although the nodes' ticks are not aligned. Further lock names
 * (store-load runs) go through ShedLock's {@link LockingTaskExecutor}, which is what the
 * annotation's advice calls.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "${bench.lease-iso}")
class ShedLockNode {

	static Duration lockAtLeastFor(NodeSettings settings) {
		return settings.tick().multipliedBy(4).dividedBy(5);
	}

	@Bean
	LockProvider lockProvider(DataSource dataSource) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.usingDbTime()
			.build());
	}

	@Bean
	Job job(Reporter reporter, NodeSettings settings, LockProvider lockProvider) {
		return new Job(reporter, settings, new DefaultLockingTaskExecutor(lockProvider));
	}

	static class Job {

		private final Reporter reporter;

		private final NodeSettings settings;

		private final LockingTaskExecutor executor;

		Job(Reporter reporter, NodeSettings settings, LockingTaskExecutor executor) {
			this.reporter = reporter;
			this.settings = settings;
			this.executor = executor;
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		@SchedulerLock(name = "bench-0", lockAtMostFor = "${bench.lease-iso}", lockAtLeastFor = "${bench.at-least-iso}")
		public void firstGroup() {
			this.reporter.executed(0);
		}

		@Scheduled(fixedRateString = "${bench.tick}")
		public void furtherGroups() {
			for (int i = 1; i < this.settings.groups(); i++) {
				int group = i;
				try {
					this.executor.executeWithLock((Runnable) () -> this.reporter.executed(group),
							new LockConfiguration(Instant.now(), NodeSettings.group(i), this.settings.lease(),
									lockAtLeastFor(this.settings)));
				}
				catch (RuntimeException ex) {
					// The store failed: this tick is skipped, as with the annotation.
				}
			}
		}

	}

}
