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

package dev.leader.docs.shedlock;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.jdbc.JdbcFencingGuard;

/**
 * A ShedLock job that gains a fencing token (docs/shedlock.md).
 */
@Component
public class NightlyReport {

	private final JdbcFencingGuard guard;

	public NightlyReport(JdbcFencingGuard guard) {
		this.guard = guard;
	}

	@Scheduled(cron = "0 */5 * * * *")
	@SchedulerLock(name = "nightly-report", lockAtLeastFor = "30s", lockAtMostFor = "10m")
	@Transactional
	public void report() {
		FencingToken token = LeaderContext.require(); // new: the lock's fencing token
		this.guard.check(token); // inside @Transactional, as with @LeaderOnly
		// ... write the report
	}

}
