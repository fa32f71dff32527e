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

import java.util.Optional;

/**
 * The status of the health group named by {@code leader.placement.health-group}, as
 * {@link ReadinessPlacement} needs it: without a type of Spring Boot's health support,
 * which is optional.
 *
 * @author leader-spring-boot-starter
 */
interface HealthGroupStatus {

	/**
	 * The name of the health group.
	 * @return the name
	 */
	String name();

	/**
	 * Evaluate the group now.
	 * @return its status when that makes this node unfit to lead (anything but {@code UP}
	 * and {@code UNKNOWN}), or empty
	 */
	Optional<String> unfitStatus();

}
