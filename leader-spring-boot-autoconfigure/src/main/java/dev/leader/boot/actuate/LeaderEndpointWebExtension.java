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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.leader.boot.actuate.LeaderEndpoint.GroupDescriptor;

/**
 * The HTTP side of the {@link LeaderEndpoint}: {@code 404 Not Found} for a group this
 * node does not campaign for, on reads and on the group's actions alike.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = LeaderEndpoint.class)
public class LeaderEndpointWebExtension {

	private final LeaderEndpoint endpoint;

	public LeaderEndpointWebExtension(LeaderEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * {@code GET /actuator/leader/{group}}.
	 * @param group the group
	 * @return the group, or 404 when this node does not campaign for it
	 */
	@ReadOperation
	public WebEndpointResponse<GroupDescriptor> group(@Selector String group) {
		return found(this.endpoint.group(group));
	}

	/**
	 * {@code POST /actuator/leader/{group}}: yield (the default), drain or resume the
	 * group.
	 * @param group the group
	 * @param action {@code yield}, {@code drain} or {@code resume}
	 * @return what the action did, 404 for an unknown group, 400 for an unknown action
	 */
	@WriteOperation
	public WebEndpointResponse<Object> groupAction(@Selector String group, @Nullable String action) {
		return found(this.endpoint.groupAction(group, action));
	}

	private static <T> WebEndpointResponse<T> found(@Nullable T body) {
		return (body != null) ? new WebEndpointResponse<>(body)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
