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

package dev.leader.sample.billing.subscription;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The database's clock, the one time every node agrees on: what is due is decided by it,
 * never by a node's own clock.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class DatabaseClock {

	private final JdbcTemplate jdbc;

	public DatabaseClock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The current database time.
	 * @return now, by the database
	 */
	public Instant now() {
		OffsetDateTime now = this.jdbc.queryForObject("SELECT CURRENT_TIMESTAMP", OffsetDateTime.class);
		return Objects.requireNonNull(now, "CURRENT_TIMESTAMP is never null").toInstant();
	}

}
