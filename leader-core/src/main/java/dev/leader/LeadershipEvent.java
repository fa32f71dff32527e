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

package dev.leader;

import java.time.Clock;

import org.springframework.context.ApplicationEvent;

/**
 * A change of this node's leadership of a group. Published as a Spring application event
 * when the coordinator runs in an application context.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class LeadershipEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final FencingToken token;

	protected LeadershipEvent(LeaderCoordinator source, FencingToken token, Clock clock) {
		super(source, clock);
		this.token = token;
	}

	/**
	 * The group whose leadership changed.
	 * @return the group name
	 */
	public String getGroup() {
		return this.token.group();
	}

	/**
	 * The token of the leadership that began or ended.
	 * @return the fencing token
	 */
	public FencingToken getToken() {
		return this.token;
	}

	@Override
	public LeaderCoordinator getSource() {
		return (LeaderCoordinator) super.getSource();
	}

}
