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

package dev.leader.sample.billing.demo;

import java.time.Instant;

/**
 * The {@code billing} group as a node's actuator endpoint shows it
 * ({@code GET /actuator/leader/billing}).
 *
 * @param leader the node holding an active lease, or {@code null}
 * @param token the group's latest fencing token
 * @param acquiredAt when the holder acquired the lease (database time)
 * @param expiresAt when the lease expires unless renewed (database time)
 * @param active whether a node holds an unexpired lease
 * @param thisNodeLeads whether the node asked leads
 * @param error why the store could not be read, or {@code null}
 * @author leader-spring-boot-starter
 */
public record LeaseView(String leader, Long token, Instant acquiredAt, Instant expiresAt, boolean active,
		boolean thisNodeLeads, String error) {

	/**
	 * Whether some node leads.
	 * @return {@code true} when the lease is active
	 */
	public boolean hasLeader() {
		return this.active && this.leader != null;
	}

}
