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
 * @author leader-spring-boot-starter
 */
public record LeaderJobExecution(String job, String group, LeaderJobOutcome outcome, @Nullable FencingToken token,
		Instant startedAt, Duration duration, @Nullable Throwable failure) {

}
