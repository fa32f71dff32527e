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

package dev.leader.sample.billing.charging;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcFencingGuard;

/**
 * The charge transaction's fence on the JDBC store: {@link JdbcFencingGuard} reads the
 * lease row with a shared lock, so either the token is the current, unexpired lease until
 * the commit (nobody can take the lease over in between) or nothing is written.
 *
 * @author leader-spring-boot-starter
 */
final class GuardChargeFence implements ChargeFence {

	private final JdbcFencingGuard guard;

	GuardChargeFence(JdbcFencingGuard guard) {
		this.guard = guard;
	}

	@Override
	public void check(FencingToken token) {
		this.guard.check(token);
	}

	@Override
	public String toString() {
		return "the JDBC fencing guard (the lease row, locked until the commit)";
	}

}
