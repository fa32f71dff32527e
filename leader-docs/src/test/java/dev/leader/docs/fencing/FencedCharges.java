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

package dev.leader.docs.fencing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.LeaderContext;
import dev.leader.LeaderOnly;

@Component
public class FencedCharges {

	private final JdbcTemplate jdbc;

	public FencedCharges(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@LeaderOnly(value = "billing", fenced = true) // the commit checks the token
	@Transactional
	@Scheduled(fixedDelay = 60_000)
	public void chargeDue() {
		// No guard call: if another node took over meanwhile, the commit rolls back.
		this.jdbc.update("INSERT INTO charges (period, token) VALUES (?, ?)", "2026-12",
				LeaderContext.require().value());
	}

}
