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

package dev.leader.test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;

/**
 * Records every call of a leader-only method, in order, for assertions in tests. Jobs are
 * named {@code SimpleClassName.method}, as in {@link LeaderJobExecution#job()}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class RecordedLeaderJobs implements LeaderJobListener {

	private final List<LeaderJobExecution> executions = new CopyOnWriteArrayList<>();

	@Override
	public void onExecution(LeaderJobExecution execution) {
		this.executions.add(execution);
	}

	/**
	 * Every call recorded since the last {@link #clear()}, oldest first.
	 * @return the calls
	 */
	public List<LeaderJobExecution> executions() {
		return List.copyOf(this.executions);
	}

	/**
	 * The calls of one job recorded since the last {@link #clear()}, oldest first.
	 * @param job the job name, {@code SimpleClassName.method}
	 * @return the calls
	 */
	public List<LeaderJobExecution> executions(String job) {
		return this.executions.stream().filter((execution) -> execution.job().equals(job)).toList();
	}

	/**
	 * The names of the jobs called since the last {@link #clear()}.
	 * @return the job names, sorted
	 */
	public Set<String> jobs() {
		Set<String> jobs = new TreeSet<>();
		this.executions.forEach((execution) -> jobs.add(execution.job()));
		return jobs;
	}

	/**
	 * Forget every recorded call.
	 */
	public void clear() {
		this.executions.clear();
	}

}
