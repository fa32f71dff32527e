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

package dev.leader.shedlock;

import java.time.Duration;
import java.time.Instant;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutorListener;

import dev.leader.LeaderContext;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobOutcome;

/**
 * Reports ShedLock executions as leader-only job calls (named and grouped by the lock
 * name), so {@code @SchedulerLock} jobs show up in {@code leader.job.executions} and the
 * actuator endpoint: a lock held elsewhere is {@code SKIPPED}, an execution is
 * {@code RAN}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class ShedLockJobListener implements LockingTaskExecutorListener {

	private final LeaderJobListener listener;

	public ShedLockJobListener(LeaderJobListener listener) {
		this.listener = listener;
	}

	@Override
	public void onLockNotAcquired(LockConfiguration configuration) {
		this.listener.onExecution(new LeaderJobExecution(configuration.getName(), configuration.getName(),
				LeaderJobOutcome.SKIPPED, null, Instant.now(), Duration.ZERO, null));
	}

	@Override
	public void onTaskFinished(LockConfiguration configuration, Duration executionTime) {
		Instant finishedAt = Instant.now();
		this.listener
			.onExecution(new LeaderJobExecution(configuration.getName(), configuration.getName(), LeaderJobOutcome.RAN,
					LeaderContext.current().orElse(null), finishedAt.minus(executionTime), executionTime, null));
	}

}
