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

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeaderStoreException;

/**
 * Runs a {@link LeaderOnly} method only while this node holds a locally valid lease of
 * its group and the group is not paused cluster-wide
 * ({@link LeaderCoordinator#isPaused(String)}). Followers, and every node while the group
 * is paused, skip the call without touching the store. On the leader the token is bound
 * to {@link LeaderContext} for the call and, when configured, verified with the store
 * right before it.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaderOnlyInterceptor implements MethodInterceptor {

	/** Name of the observation around each leader-only call that runs. */
	public static final String OBSERVATION_NAME = "leader.job";

	private static final Log logger = LogFactory.getLog(LeaderOnlyInterceptor.class);

	private final Supplier<LeaderCoordinator> coordinator;

	private final boolean verifyBeforeRun;

	private final RunningLeaderJobs running;

	private final LeaderJobListener listener;

	private final Supplier<ObservationRegistry> observations;

	private final Supplier<FencedCallRunner> fencedCalls;

	private final boolean fenceAll;

	private final Map<Method, LeaderOnlyMethod> methods = new ConcurrentHashMap<>();

	/**
	 * Create an interceptor.
	 * @param coordinator supplies the coordinator (looked up on first use)
	 * @param verifyBeforeRun whether to verify the token with the store before each call
	 * @param running tracks the calls in progress
	 * @param listener told about every call
	 * @param observations supplies the registry of the {@code leader.job} observation
	 * around each call that runs ({@link ObservationRegistry#NOOP} for none)
	 */
	public LeaderOnlyInterceptor(Supplier<LeaderCoordinator> coordinator, boolean verifyBeforeRun,
			RunningLeaderJobs running, LeaderJobListener listener, Supplier<ObservationRegistry> observations) {
		this(coordinator, verifyBeforeRun, running, listener, observations, () -> null, false);
	}

	/**
	 * Create an interceptor that can fence calls.
	 * @param coordinator supplies the coordinator (looked up on first use)
	 * @param verifyBeforeRun whether to verify the token with the store before each call
	 * @param running tracks the calls in progress
	 * @param listener told about every call
	 * @param observations supplies the registry of the {@code leader.job} observation
	 * around each call that runs ({@link ObservationRegistry#NOOP} for none)
	 * @param fencedCalls supplies the runner of fenced calls (looked up on first use;
	 * supplying {@code null} when the store offers none)
	 * @param fenceAll whether every call is fenced, not only those marked
	 * {@code @LeaderOnly(fenced = true)}
	 */
	public LeaderOnlyInterceptor(Supplier<LeaderCoordinator> coordinator, boolean verifyBeforeRun,
			RunningLeaderJobs running, LeaderJobListener listener, Supplier<ObservationRegistry> observations,
			Supplier<FencedCallRunner> fencedCalls, boolean fenceAll) {
		this.coordinator = coordinator;
		this.verifyBeforeRun = verifyBeforeRun;
		this.running = running;
		this.listener = listener;
		this.observations = observations;
		this.fencedCalls = fencedCalls;
		this.fenceAll = fenceAll;
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		LeaderOnlyMethod method = this.methods.computeIfAbsent(invocation.getMethod(),
				(key) -> LeaderOnlyMethod.of(key, invocation.getThis()));
		Instant startedAt = Instant.now();
		long started = System.nanoTime();
		LeaderCoordinator coordinator = this.coordinator.get();
		if (coordinator.isPaused(method.group())) {
			return skipped(method, LeaderJobSkipReason.PAUSED, startedAt, started);
		}
		Optional<FencingToken> token = coordinator.token(method.group());
		if (token.isEmpty()) {
			return skipped(method, LeaderJobSkipReason.NOT_LEADER, startedAt, started);
		}
		if (!this.running.begin(method.group())) {
			return skipped(method, LeaderJobSkipReason.STOPPING, startedAt, started);
		}
		try (LeaderContext.Scope scope = LeaderContext.bind(token.get())) {
			if (this.verifyBeforeRun && !verified(method, token.get(), startedAt, started)) {
				return method.skippedValue();
			}
			Object result = observed(method, token.get(), invocation);
			record(method, LeaderJobOutcome.RAN, token.get(), startedAt, started, null);
			return result;
		}
		catch (FencingException ex) {
			record(method, LeaderJobOutcome.FENCED, token.get(), startedAt, started, ex);
			throw ex;
		}
		catch (Throwable ex) {
			record(method, LeaderJobOutcome.FAILED, token.get(), startedAt, started, ex);
			throw ex;
		}
		finally {
			this.running.end();
		}
	}

	/**
	 * Run the call inside a {@code leader.job} observation, so traces show it.
	 */
	@SuppressWarnings("try") // the scope is only closed, never named in the body
	private @Nullable Object observed(LeaderOnlyMethod method, FencingToken token, MethodInvocation invocation)
			throws Throwable {
		Observation observation = Observation.createNotStarted(OBSERVATION_NAME, this.observations.get())
			.lowCardinalityKeyValue("job", method.job())
			.lowCardinalityKeyValue("group", method.group())
			.highCardinalityKeyValue("token", Long.toString(token.value()))
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			if (!method.fenced() && !this.fenceAll) {
				return invocation.proceed();
			}
			FencedCallRunner runner = this.fencedCalls.get();
			if (runner == null) {
				throw new LeaderConfigurationException(method.job() + " is fenced (@LeaderOnly(fenced = true) or "
						+ "leader.fence-transactions), which checks the token at the commit of its transactions in the "
						+ "lease table's database: use the JDBC store, or call verify(token) before side effects instead");
			}
			Object target = invocation.getThis();
			return runner.run(token, invocation.getMethod(),
					(target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass(),
					invocation::proceed);
		}
		catch (Throwable ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private boolean verified(LeaderOnlyMethod method, FencingToken token, Instant startedAt, long started) {
		try {
			this.coordinator.get().verify(token);
			return true;
		}
		catch (FencingException ex) {
			logger.warn("Skipped " + method.job() + ": " + ex.getMessage());
			record(method, LeaderJobOutcome.FENCED, token, startedAt, started, ex);
		}
		catch (LeaderStoreException ex) {
			logger.warn("Skipped " + method.job() + ": its token could not be verified: " + ex.getMessage());
			record(method, LeaderJobOutcome.FAILED, token, startedAt, started, ex);
		}
		return false;
	}

	private @Nullable Object skipped(LeaderOnlyMethod method, LeaderJobSkipReason reason, Instant startedAt,
			long started) {
		record(method, LeaderJobOutcome.SKIPPED, null, startedAt, started, null, reason);
		return method.skippedValue();
	}

	private void record(LeaderOnlyMethod method, LeaderJobOutcome outcome, @Nullable FencingToken token,
			Instant startedAt, long started, @Nullable Throwable failure) {
		record(method, outcome, token, startedAt, started, failure, null);
	}

	private void record(LeaderOnlyMethod method, LeaderJobOutcome outcome, @Nullable FencingToken token,
			Instant startedAt, long started, @Nullable Throwable failure, @Nullable LeaderJobSkipReason reason) {
		try {
			this.listener.onExecution(new LeaderJobExecution(method.job(), method.group(), outcome, token, startedAt,
					Duration.ofNanos(System.nanoTime() - started), failure, reason));
		}
		catch (RuntimeException ex) {
			logger.error("Leader job listener failed for " + method.job(), ex);
		}
	}

	/**
	 * What the interceptor needs to know of one annotated method.
	 */
	record LeaderOnlyMethod(String job, String group, boolean returnsOptional, boolean fenced) {

		static LeaderOnlyMethod of(Method method, @Nullable Object target) {
			Method specific = (target != null) ? AopUtils.getMostSpecificMethod(method, AopUtils.getTargetClass(target))
					: method;
			MergedAnnotation<LeaderOnly> annotation = find(specific);
			if (!annotation.isPresent()) {
				annotation = find(method);
			}
			String group = annotation.isPresent() ? annotation.getString("value") : "default";
			boolean fenced = annotation.isPresent() && annotation.getBoolean("fenced");
			return new LeaderOnlyMethod(specific.getDeclaringClass().getSimpleName() + "." + specific.getName(), group,
					Optional.class.equals(method.getReturnType()), fenced);
		}

		static MergedAnnotation<LeaderOnly> find(Method method) {
			return MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).get(LeaderOnly.class);
		}

		@Nullable Object skippedValue() {
			return this.returnsOptional ? Optional.empty() : null;
		}

	}

}
