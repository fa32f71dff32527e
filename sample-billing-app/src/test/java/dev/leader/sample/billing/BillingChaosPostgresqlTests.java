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
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The billing sample's chaos test on PostgreSQL alone: the lease table is in the billing
 * database, so cutting the leader off the leader store cuts it off the database, and the
 * charge transaction is fenced by the JDBC fencing guard.
 */
class BillingChaosPostgresqlTests extends AbstractBillingChaosTests {

	@Override
	protected String profiles() {
		return "postgresql";
	}

	@Override
	protected List<String> storeArguments(String node) {
		return List.of("--leader.jdbc.lease-duration=" + LEASE.toMillis() + "ms", "--leader.jdbc.renew-interval=500ms",
				"--leader.jdbc.retry-interval=200ms");
	}

	@Override
	protected Optional<Lease> currentLease() {
		return observer()
			.query("""
					SELECT holder, token, holder IS NOT NULL AND expires_at > clock_timestamp() AS active
					FROM leader_lease WHERE group_name = 'billing'""",
					(row, index) -> new Lease(nodeOf(row.getString("holder")), row.getLong("token"),
							row.getBoolean("active")))
			.stream()
			.findFirst();
	}

	@Override
	protected void cutOffStore(String node) {
		databaseProxy(node).cut();
	}

	@Override
	protected void healStore(String node) {
		databaseProxy(node).heal();
	}

	/**
	 * The guard locked the lease row: the token registry's table was never used.
	 */
	@Override
	protected void assertChargesFenced(JdbcTemplate observer) {
		assertThat(observer.queryForObject("SELECT COUNT(*) FROM leader_fencing_token", Long.class)).isZero();
	}

}
