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

package dev.leader.sample.billing;

import java.util.List;

/**
 * The billing sample's chaos test with fast failover on
 * ({@code leader.jdbc.fast-failover}): the same crashes, pause and cut-off database,
 * where a crashed leader is replaced as soon as PostgreSQL ends its liveness session
 * instead of when its lease expires, and the same audit: every due period charged exactly
 * once.
 */
class BillingChaosFastFailoverPostgresqlTests extends BillingChaosPostgresqlTests {

	@Override
	protected List<String> extraArguments() {
		return List.of("--leader.jdbc.fast-failover=true");
	}

}
