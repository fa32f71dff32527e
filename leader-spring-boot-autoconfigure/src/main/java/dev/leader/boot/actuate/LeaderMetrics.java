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

package dev.leader.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;

import dev.leader.FencingToken;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipConflict;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.LeaseObserver;
import dev.leader.aop.LeaderJobExecution;
import dev.leader.aop.LeaderJobListener;
import dev.leader.aop.LeaderJobSkipReason;

/**
 * The {@code leader.*} meters, a {@link MeterBinder} that Spring Boot binds to the
 * application's registry. Tags are bounded: groups and jobs are fixed at startup,
 * outcomes and reasons are enums.
 * <ul>
 * <li>{@code leader.status} (gauge, per group): 1 while this node leads, else 0</li>
 * <li>{@code leader.transitions} (counter): leadership granted or revoked, with the
 * reason</li>
 * <li>{@code leader.lease.renewals} (timer): renewal attempts, success or failure</li>
 * <li>{@code leader.paused} (gauge, per group): 1 while the group is paused cluster-wide,
 * as of this node's last exchange with the store, else 0</li>
 * <li>{@code leader.job.executions} (timer): leader-only calls per job and outcome, with
 * the reason of a skip ({@code not_leader}, {@code stopping}, {@code paused};
 * {@code none} for other outcomes)</li>
 * <li>{@code leader.fencing.checks} (counter): token checks, valid or stale</li>
 * <li>{@code leader.conflicts} (counter): duplicate-leader findings of this node's
 * checks, per group and kind ({@code two-believers}, {@code stale-belief})</li>
 * </ul>
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderMetrics implements MeterBinder, LeaseObserver, LeaderJobListener, GenericApplicationListener {

	private final LeaderCoordinator coordinator;

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final Set<String> gauged = ConcurrentHashMap.newKeySet();

	/**
	 * Meters of a coordinator, registered in every registry this is bound to.
	 * @param coordinator the coordinator
	 */
	public LeaderMetrics(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	/**
	 * Bind to a registry (Spring Boot does so for every {@link MeterBinder} bean). The
	 * meters are registered as they are first used: a group's status gauge once the group
	 * is known, a transition or renewal once it happens.
	 * @param registry the registry
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		this.gauged.forEach((group) -> registerStatus(registry, group));
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.toClass();
		return LeadershipEvent.class.isAssignableFrom(type) || ContextRefreshedEvent.class.isAssignableFrom(type);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof LeadershipEvent leadership) {
			if (leadership.getSource() != this.coordinator) {
				return;
			}
			gauge(leadership.getGroup());
			boolean revoked = leadership instanceof LeadershipRevokedEvent;
			String reason = revoked ? ((LeadershipRevokedEvent) leadership).getReason().name().toLowerCase(Locale.ROOT)
					: "none";
			Counter.Builder transitions = Counter.builder("leader.transitions")
				.description("Leadership changes of this node")
				.baseUnit("transitions")
				.tag("group", leadership.getGroup())
				.tag("transition", revoked ? "revoked" : "granted")
				.tag("reason", reason);
			this.registries.forEach((registry) -> transitions.register(registry).increment());
		}
		else if (event instanceof ContextRefreshedEvent) {
			this.coordinator.groups().forEach(this::gauge);
		}
	}

	@Override
	public void renewed(String group, Duration took, boolean success) {
		Timer.Builder renewals = Timer.builder("leader.lease.renewals")
			.description("Lease renewal attempts of this node")
			.tag("group", group)
			.tag("outcome", success ? "success" : "failure");
		this.registries.forEach((registry) -> renewals.register(registry).record(took));
	}

	@Override
	public void fencingChecked(FencingToken token, boolean valid) {
		Counter.Builder checks = Counter.builder("leader.fencing.checks")
			.description("Fencing token checks against the store")
			.baseUnit("checks")
			.tag("group", token.group())
			.tag("result", valid ? "valid" : "stale");
		this.registries.forEach((registry) -> checks.register(registry).increment());
	}

	@Override
	public void conflictDetected(LeadershipConflict conflict) {
		Counter.Builder conflicts = Counter.builder("leader.conflicts")
			.description("Duplicate-leader findings: two believers in one group, or a belief in a stale token")
			.baseUnit("conflicts")
			.tag("group", conflict.group())
			.tag("kind", conflict.kind().tag());
		this.registries.forEach((registry) -> conflicts.register(registry).increment());
	}

	@Override
	public void onExecution(LeaderJobExecution execution) {
		gauge(execution.group());
		LeaderJobSkipReason skipped = execution.skipReason();
		Timer.Builder executions = Timer.builder("leader.job.executions")
			.description("Calls of leader-only jobs on this node")
			.tag("job", execution.job())
			.tag("group", execution.group())
			.tag("outcome", execution.outcome().name().toLowerCase(Locale.ROOT))
			.tag("reason", (skipped != null) ? skipped.name().toLowerCase(Locale.ROOT) : "none");
		this.registries.forEach((registry) -> executions.register(registry).record(execution.duration()));
	}

	private void gauge(String group) {
		if (this.gauged.add(group)) {
			this.registries.forEach((registry) -> registerStatus(registry, group));
		}
	}

	private void registerStatus(MeterRegistry registry, String group) {
		Gauge.builder("leader.status", this.coordinator, (coordinator) -> coordinator.isLeader(group) ? 1 : 0)
			.description("Whether this node leads the group (1) or not (0)")
			.tag("group", group)
			.strongReference(true)
			.register(registry);
		Gauge.builder("leader.paused", this.coordinator, (coordinator) -> coordinator.isPaused(group) ? 1 : 0)
			.description("Whether the group is paused cluster-wide (1) or not (0)")
			.tag("group", group)
			.strongReference(true)
			.register(registry);
	}

}
