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

import dev.leader.engine.CoordinatorBuilder;

/**
 * Callback that customizes the builder of the auto-configured
 * {@link dev.leader.LeaderCoordinator}, whichever store it uses, before the coordinator
 * is built. Customizers run in order ({@link org.springframework.core.annotation.Order
 * &#64;Order} or {@link org.springframework.core.Ordered}); the starter's own one, which
 * applies {@code leader.node-id}, {@code leader.groups}, the placement rules and wires
 * events, metrics and the draining of leader-only calls, has order
 * {@value #PROPERTIES_ORDER}, so that a customizer without an order runs after it and can
 * override what it set.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@FunctionalInterface
public interface LeaderCoordinatorBuilderCustomizer {

	/** The order of the customizer that applies {@link LeaderProperties}. */
	int PROPERTIES_ORDER = 0;

	/**
	 * Customize the builder.
	 * @param builder the builder of the store in use
	 */
	void customize(CoordinatorBuilder<?> builder);

}
