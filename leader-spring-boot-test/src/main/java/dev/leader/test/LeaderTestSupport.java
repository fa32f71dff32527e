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

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.springframework.context.ApplicationListener;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipEvent;

/**
 * What a test needs to decide and check leadership: switch a group with
 * {@link #grant(String)}, {@link #revoke(String)}, {@link #yield(String)} and
 * {@link #fence(String)}, wait for it with {@link #awaitLeadership(String)}, and assert
 * what became of leader-only jobs with {@link #assertThatJob(String)}. Inject it in a
 * test annotated with {@link dev.leader.test.autoconfigure.AutoConfigureLeader}.
 * <p>
 * Between test methods it is {@linkplain #reset() reset}: every group returns to the
 * configured leadership mode and the recorded calls are forgotten.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderTestSupport implements ApplicationListener<LeadershipEvent> {

	/** How long {@link #awaitLeadership(String)} waits by default. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	private final LeaderCoordinator coordinator;

	private final RecordedLeaderJobs jobs;

	private final Object changes = new Object();

	/**
	 * Create the support for a coordinator.
	 * @param coordinator the application's coordinator; switching leadership needs an
	 * {@link InMemoryLeaderCoordinator}
	 * @param jobs the recorded calls of leader-only jobs
	 */
	public LeaderTestSupport(LeaderCoordinator coordinator, RecordedLeaderJobs jobs) {
		this.coordinator = coordinator;
		this.jobs = jobs;
	}

	/**
	 * The application's coordinator.
	 * @return the coordinator
	 */
	public LeaderCoordinator coordinator() {
		return this.coordinator;
	}

	/**
	 * Wait up to {@link #DEFAULT_TIMEOUT} until this node leads a group. The in-memory
	 * coordinator grants at once, so this returns at once when the group is led; it also
	 * waits for a real store's election.
	 * @param group the group name
	 * @return the token this node leads the group with
	 * @throws AssertionError when this node does not lead the group in time
	 */
	public FencingToken awaitLeadership(String group) {
		return awaitLeadership(group, DEFAULT_TIMEOUT);
	}

	/**
	 * Wait until this node leads a group.
	 * @param group the group name
	 * @param timeout the longest to wait
	 * @return the token this node leads the group with
	 * @throws AssertionError when this node does not lead the group in time
	 */
	public FencingToken awaitLeadership(String group, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.changes) {
			Optional<FencingToken> token = this.coordinator.token(group);
			while (token.isEmpty()) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("This node did not lead group '" + group + "' within " + timeout.toMillis()
							+ " ms (" + this.coordinator + ", campaigning for " + this.coordinator.groups()
							+ "): grant it with LeaderTestSupport.grant(\"" + group
							+ "\") or set leader.test.mode / @AutoConfigureLeader(mode, groups)");
				}
				// Woken by leadership events; also re-checked now and then, since a real
				// coordinator's local lease may become valid before its event is
				// delivered.
				try {
					TimeUnit.NANOSECONDS.timedWait(this.changes, Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting to lead group '" + group + "'", ex);
				}
				token = this.coordinator.token(group);
			}
			return token.get();
		}
	}

	/**
	 * Make this node the leader of a group with a new token (the granted event is
	 * published before this returns).
	 * @param group the group name
	 * @return the token this node now leads the group with
	 * @see InMemoryLeaderCoordinator#grant(String)
	 */
	public FencingToken grant(String group) {
		return inMemory("grant").grant(group);
	}

	/**
	 * Take a group away from this node, as when another node took its lease (revoked with
	 * {@code LEASE_LOST}); it stays a follower until granted again.
	 * @param group the group name
	 * @return {@code true} when this node was leading the group
	 * @see InMemoryLeaderCoordinator#revoke(String)
	 */
	public boolean revoke(String group) {
		return inMemory("revoke").revoke(group);
	}

	/**
	 * Yield a group, as {@link LeaderCoordinator#yield(String)} does (revoked with
	 * {@code YIELDED}); with the in-memory coordinator this node stays a follower until
	 * granted again.
	 * @param group the group name
	 * @return {@code true} when this node was leading and yielded
	 */
	public boolean yield(String group) {
		return this.coordinator.yield(group);
	}

	/**
	 * Let another node take a group's lease while this node still believes it leads: its
	 * next {@code @LeaderOnly} call of the group is fenced.
	 * @param group the group name
	 * @return this node's token, now stale
	 * @see InMemoryLeaderCoordinator#fence(String)
	 */
	public FencingToken fence(String group) {
		return inMemory("fence").fence(group);
	}

	/**
	 * Assertions on the calls of a leader-only job recorded since the last reset.
	 * @param job the job name, {@code SimpleClassName.method} (such as
	 * {@code "BillingJob.chargeDue"})
	 * @return the assertions
	 */
	public LeaderJobAssert assertThatJob(String job) {
		return new LeaderJobAssert(job, this.jobs.executions(job), this.jobs.jobs());
	}

	/**
	 * The recorded calls of leader-only jobs.
	 * @return the recorded calls
	 */
	public RecordedLeaderJobs jobs() {
		return this.jobs;
	}

	/**
	 * Forget the recorded calls of leader-only jobs.
	 */
	public void clearJobs() {
		this.jobs.clear();
	}

	/**
	 * Return every group to the configured leadership mode and forget the recorded calls.
	 * Runs after every test method of a Spring test.
	 */
	public void reset() {
		if (this.coordinator instanceof InMemoryLeaderCoordinator inMemory) {
			inMemory.reset();
		}
		this.jobs.clear();
	}

	@Override
	public void onApplicationEvent(LeadershipEvent event) {
		synchronized (this.changes) {
			this.changes.notifyAll();
		}
	}

	private InMemoryLeaderCoordinator inMemory(String operation) {
		if (this.coordinator instanceof InMemoryLeaderCoordinator inMemory) {
			return inMemory;
		}
		throw new IllegalStateException("LeaderTestSupport." + operation
				+ " needs the in-memory coordinator, but this application uses " + this.coordinator.store() + " ("
				+ this.coordinator.getClass().getName() + "): annotate the test with @AutoConfigureLeader "
				+ "and do not define a LeaderCoordinator bean");
	}

}
