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

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import dev.leader.boot.actuate.LeaderEndpoint.GroupDescriptor;

/**
 * The HTTP side of the {@link LeaderEndpoint}: {@code 404 Not Found} for a group this
 * node does not campaign for, on reads and on the group's actions alike, and for a path
 * below a group other than {@code history}; {@code 400} for an invalid {@code since}.
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
	 * {@code GET /actuator/leader/{group}/history?since=...}.
	 * @param group the group
	 * @param segment {@code history}
	 * @param since the earliest end of interest (ISO-8601 instant), or {@code null}
	 * @return the group's history, 404 for another segment, 400 with a body that says
	 * what is expected for an invalid {@code since} or group name (whatever
	 * {@code server.error.include-message} says)
	 */
	@ReadOperation
	public WebEndpointResponse<Object> history(@Selector String group, @Selector String segment,
			@Nullable String since) {
		try {
			return found(this.endpoint.history(group, segment, since));
		}
		catch (InvalidEndpointRequestException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			body.put("error", ex.getReason());
			body.put("message", ex.getMessage());
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
	}

	/**
	 * {@code POST /actuator/leader/{group}}: yield (the default), drain, resume, drill,
	 * pause or unpause the group.
	 * @param group the group
	 * @param action {@code yield}, {@code drain}, {@code resume}, {@code drill},
	 * {@code pause} or {@code unpause}
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
