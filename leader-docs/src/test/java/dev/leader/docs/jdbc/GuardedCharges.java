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

package dev.leader.docs.jdbc;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcFencingGuard;
import dev.leader.jdbc.JdbcLeaseStore;

/**
 * Fencing writes in the same database (docs/jdbc-store.md).
 */
public class GuardedCharges {

	private final JdbcFencingGuard guard;

	private final JdbcClient jdbc;

	GuardedCharges(DataSource dataSource) {
		JdbcLeaseStore store = new JdbcLeaseStore(dataSource);
		this.jdbc = JdbcClient.create(dataSource);
		this.guard = store.guard(); // or new JdbcFencingGuard(dataSource, "leader_lease")
	}

	@Transactional
	public void chargeDue(FencingToken token) {
		this.guard.check(token); // locks the lease row (shared) and checks the token
		// committed only under a current token
		this.jdbc.sql("INSERT INTO charge (period, token) VALUES (1, :token)").param("token", token.value()).update();
	}

}
