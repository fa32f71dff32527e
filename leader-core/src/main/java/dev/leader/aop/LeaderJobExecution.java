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

package dev.leader.aop;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;

/**
 * One call of a leader-only method.
 *
 * @param job the job's name, {@code SimpleClassName.method}
 * @param group the lease group
 * @param outcome what became of the call
 * @param token the token it ran under, or {@code null} when skipped
 * @param startedAt when the call started (wall clock, for display)
 * @param duration how long the call took
 * @param failure the exception of a failed call, or {@code null}
 * @param skipReason why a {@linkplain LeaderJobOutcome#SKIPPED skipped} call was skipped,
 * {@code null} for other outcomes
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record LeaderJobExecution(String job, String group, LeaderJobOutcome outcome, @Nullable FencingToken token,
		Instant startedAt, Duration duration, @Nullable Throwable failure, @Nullable LeaderJobSkipReason skipReason) {

	/**
	 * A call whose skip reason, when skipped, is {@link LeaderJobSkipReason#NOT_LEADER}.
	 * @param job the job's name, {@code SimpleClassName.method}
	 * @param group the lease group
	 * @param outcome what became of the call
	 * @param token the token it ran under, or {@code null} when skipped
	 * @param startedAt when the call started (wall clock, for display)
	 * @param duration how long the call took
	 * @param failure the exception of a failed call, or {@code null}
	 */
	public LeaderJobExecution(String job, String group, LeaderJobOutcome outcome, @Nullable FencingToken token,
			Instant startedAt, Duration duration, @Nullable Throwable failure) {
		this(job, group, outcome, token, startedAt, duration, failure,
				(outcome == LeaderJobOutcome.SKIPPED) ? LeaderJobSkipReason.NOT_LEADER : null);
	}

}
