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

package dev.leader.jdbc;

/**
 * Contention between coordinators on MariaDB with fast failover on: the chaos also kills
 * nodes (every connection of a node's coordinator closed at once), whose leases are taken
 * over before they expire; the history must show unique tokens advancing by one, beliefs
 * and guarded writes that never overlap in database time, and early takeovers only from
 * killed nodes.
 */
class JdbcContentionFastFailoverMariaDbTests extends JdbcContentionMariaDbTests {

	@Override
	protected boolean fastFailover() {
		return true;
	}

}
