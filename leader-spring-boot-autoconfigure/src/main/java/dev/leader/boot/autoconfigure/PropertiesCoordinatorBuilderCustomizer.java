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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

import dev.leader.LeaseObserver;
import dev.leader.aop.RunningLeaderJobs;
import dev.leader.engine.CoordinatorBuilder;

/**
 * Applies what every store's coordinator takes from the application: the node id and
 * groups of {@link LeaderProperties}, the history's retention
 * ({@link LeaderHistoryProperties}), leadership events published in the context, the
 * {@link LeaseObserver} beans, and the draining (on yield and shutdown) and interruption
 * (on a lost lease) of running leader-only calls.
 *
 * @author leader-spring-boot-starter
 */
final class PropertiesCoordinatorBuilderCustomizer implements LeaderCoordinatorBuilderCustomizer, Ordered {

	private final LeaderProperties properties;

	private final PlacementEligibility eligibility;

	private final LeaderPlacementProperties placement;

	private final LeaderHistoryProperties history;

	private final ApplicationEventPublisher publisher;

	private final RunningLeaderJobs running;

	private final ObjectProvider<LeaseObserver> observers;

	PropertiesCoordinatorBuilderCustomizer(LeaderProperties properties, PlacementEligibility eligibility,
			LeaderPlacementProperties placement, LeaderHistoryProperties history, ApplicationEventPublisher publisher,
			RunningLeaderJobs running, ObjectProvider<LeaseObserver> observers) {
		this.properties = properties;
		this.eligibility = eligibility;
		this.placement = placement;
		this.history = history;
		this.publisher = publisher;
		this.running = running;
		this.observers = observers;
	}

	@Override
	public void customize(CoordinatorBuilder<?> builder) {
		builder.listener(this.publisher::publishEvent)
			.observer(new LeaseObservers(this.observers))
			.beforeRelease((group) -> this.running.drain(group, this.properties.getShutdownTimeout()))
			.leadershipLost(
					(group, reason) -> LeaderCoordinatorLifecycle.interruptLostWork(this.running, group, reason))
			.eligibility(this.eligibility)
			.nodeTags(this.eligibility.nodeTags())
			.placement(this.placement.toPolicy())
			.detectConflicts(this.properties.isDetectConflicts())
			.historyRetention(this.history.toRetention())
			.groups(this.properties.getGroups().toArray(String[]::new));
		String nodeId = this.properties.getNodeId();
		if (StringUtils.hasText(nodeId)) {
			builder.nodeId(nodeId);
		}
	}

	@Override
	public int getOrder() {
		return PROPERTIES_ORDER;
	}

}
