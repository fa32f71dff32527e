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
import java.util.TreeSet;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.Status;

import dev.leader.LeaderConfigurationException;

/**
 * A health group's status read through Spring Boot's {@link HealthEndpoint}, as
 * {@code GET /actuator/health/<group>} reports it.
 *
 * @author leader-spring-boot-starter
 */
final class ActuatorHealthGroupStatus implements HealthGroupStatus {

	static final String PROPERTY = "leader.placement.health-group";

	private final HealthEndpoint endpoint;

	private final String name;

	/**
	 * Create the status of a group, which must exist.
	 * @param endpoint the health endpoint
	 * @param groups its groups
	 * @param name the group's name
	 * @throws LeaderConfigurationException when no health group has that name
	 */
	ActuatorHealthGroupStatus(HealthEndpoint endpoint, HealthEndpointGroups groups, String name) {
		if (!groups.getNames().contains(name)) {
			throw new LeaderConfigurationException(PROPERTY + "=" + name + " names no health group: the health groups "
					+ "are " + new TreeSet<>(groups.getNames()) + " (define one with management.endpoint.health.group."
					+ name + ".include=...)");
		}
		this.endpoint = endpoint;
		this.name = name;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public Optional<String> unfitStatus() {
		HealthDescriptor health = this.endpoint.healthForPath(this.name);
		if (health == null) {
			return Optional.empty();
		}
		Status status = health.getStatus();
		if (Status.UP.equals(status) || Status.UNKNOWN.equals(status)) {
			return Optional.empty();
		}
		return Optional.of(status.getCode());
	}

}
