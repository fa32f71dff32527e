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
import java.util.List;
import java.util.function.Supplier;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutorListener;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

import dev.leader.LeaderCoordinator;
import dev.leader.aop.LeaderJobListener;
import dev.leader.lease.LockStore;
import dev.leader.shedlock.LeaseLockProvider;
import dev.leader.shedlock.ShedLockJobListener;

/**
 * ShedLock interoperability: when {@code shedlock-spring} is present and the application
 * defines no {@link LockProvider}, {@code @SchedulerLock} jobs lock through the lease
 * store and get a fencing token; their executions feed the job metrics and the actuator
 * endpoint.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@AutoConfiguration(after = LeaderAutoConfiguration.class)
@ConditionalOnClass({ LockProvider.class, EnableSchedulerLock.class })
@ConditionalOnBean({ LockStore.class, LeaderCoordinator.class })
public final class LeaderShedLockAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockProvider.class)
	LeaseLockProvider leaderLockProvider(LockStore store, LeaderCoordinator coordinator) {
		return new LeaseLockProvider(store, coordinator.nodeId(), Duration.ofSeconds(5), coordinator::isPaused);
	}

	@Bean
	@ConditionalOnMissingBean(LockingTaskExecutorListener.class)
	ShedLockJobListener leaderShedLockJobListener(ObjectProvider<LeaderJobListener> listeners) {
		Supplier<List<LeaderJobListener>> all = SingletonSupplier.of(() -> listeners.orderedStream().toList());
		return new ShedLockJobListener((execution) -> all.get().forEach((listener) -> listener.onExecution(execution)));
	}

}
