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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Decides which store {@code leader.store} selects, with one rule: an explicit value, or
 * for {@code auto} ZooKeeper when {@code leader.zookeeper.connect-string} is set, etcd
 * when {@code leader.etcd.endpoints} is set, and JDBC when neither is. When both are set,
 * {@code auto} selects no store ({@link LeaderProperties.Store#AUTO}): the failure
 * analysis then asks for {@code leader.store}. The properties are bound as
 * {@link LeaderProperties} and {@link LeaderEtcdProperties} bind them.
 *
 * @author leader-spring-boot-starter
 */
abstract class OnStoreCondition extends SpringBootCondition {

	private final LeaderProperties.Store store;

	OnStoreCondition(LeaderProperties.Store store) {
		this.store = store;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		LeaderProperties.Store selected = selectedOrNull(context.getEnvironment());
		String message = "leader.store selects " + ((selected != null) ? selected : "an unknown store");
		return (selected == this.store) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	/**
	 * The store the environment selects.
	 * @param environment the environment
	 * @return {@link LeaderProperties.Store#JDBC},
	 * {@link LeaderProperties.Store#ZOOKEEPER} or {@link LeaderProperties.Store#ETCD};
	 * {@link LeaderProperties.Store#AUTO} when {@code auto} cannot choose (ZooKeeper and
	 * etcd are both configured)
	 * @throws BindException when {@code leader.store} has no valid value
	 */
	static LeaderProperties.Store selected(Environment environment) {
		Binder binder = Binder.get(environment);
		LeaderProperties.Store store = binder.bind("leader.store", LeaderProperties.Store.class)
			.orElse(LeaderProperties.Store.AUTO);
		if (store != LeaderProperties.Store.AUTO) {
			return store;
		}
		boolean zookeeper = hasConnectString(binder);
		boolean etcd = hasEtcdEndpoints(binder);
		if (zookeeper && etcd) {
			return LeaderProperties.Store.AUTO;
		}
		return zookeeper ? LeaderProperties.Store.ZOOKEEPER
				: etcd ? LeaderProperties.Store.ETCD : LeaderProperties.Store.JDBC;
	}

	private static LeaderProperties.@Nullable Store selectedOrNull(Environment environment) {
		try {
			return selected(environment);
		}
		catch (BindException ex) {
			// Binding LeaderProperties reports the invalid value with the valid ones.
			return null;
		}
	}

	static boolean hasEtcdEndpoints(Binder binder) {
		return binder.bind("leader.etcd.endpoints", Bindable.listOf(String.class))
			.map((endpoints) -> endpoints.stream().anyMatch(StringUtils::hasText))
			.orElse(false);
	}

	private static boolean hasConnectString(Binder binder) {
		return StringUtils.hasText(binder.bind("leader.zookeeper.connect-string", String.class).orElse(null));
	}

	/**
	 * Matches when the ZooKeeper store is selected.
	 */
	static final class OnZookeeperStore extends OnStoreCondition {

		OnZookeeperStore() {
			super(LeaderProperties.Store.ZOOKEEPER);
		}

	}

	/**
	 * Matches when the etcd store is selected.
	 */
	static final class OnEtcdStore extends OnStoreCondition {

		OnEtcdStore() {
			super(LeaderProperties.Store.ETCD);
		}

	}

	/**
	 * Matches when {@code leader.etcd.endpoints} has an endpoint.
	 */
	static final class OnEtcdEndpoints extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return hasEtcdEndpoints(Binder.get(context.getEnvironment()))
					? ConditionOutcome.match("leader.etcd.endpoints is set")
					: ConditionOutcome.noMatch("leader.etcd.endpoints is not set");
		}

	}

	/**
	 * Matches when the JDBC store is selected.
	 */
	static final class OnJdbcStore extends OnStoreCondition {

		OnJdbcStore() {
			super(LeaderProperties.Store.JDBC);
		}

	}

	/**
	 * Matches when {@code leader.zookeeper.connect-string} has text.
	 */
	static final class OnZookeeperConnectString extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return hasConnectString(Binder.get(context.getEnvironment()))
					? ConditionOutcome.match("leader.zookeeper.connect-string is set")
					: ConditionOutcome.noMatch("leader.zookeeper.connect-string is not set");
		}

	}

}
