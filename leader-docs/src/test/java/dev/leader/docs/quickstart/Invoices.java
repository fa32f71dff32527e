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

package dev.leader.docs.quickstart;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.FencingToken;
import dev.leader.jdbc.JdbcFencingGuard;

@Service
public class Invoices {

	private final JdbcFencingGuard guard; // auto-configured with the JDBC store

	private final JdbcClient jdbc;

	public Invoices(JdbcFencingGuard guard, JdbcClient jdbc) {
		this.guard = guard;
		this.jdbc = jdbc;
	}

	@Transactional
	public int issueDue(FencingToken token) {
		// Locks the lease row (shared) until the commit and checks the token: once
		// another node took over, it throws FencingException and nothing is written.
		this.guard.check(token);
		return this.jdbc.sql("UPDATE invoice SET issued_token = :token WHERE issued_token IS NULL")
			.param("token", token.value())
			.update();
	}

}
