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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Names users choose are validated with messages that say what to change.
 */
class IdentifiersTests {

	@ParameterizedTest
	@ValueSource(strings = { "billing", "billing.monthly", "team-a:reports_2", "X" })
	void acceptsValidGroups(String group) {
		assertThat(Identifiers.requireValidGroup(group)).isEqualTo(group);
	}

	@ParameterizedTest
	@ValueSource(strings = { "with space", "-leading-dash", "semi;colon", "quote'd", "slash/name", "ümlaut" })
	void refusesGroupsWithOtherCharacters(String group) {
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> Identifiers.requireValidGroup(group))
			.withMessageContaining("Group name '" + group + "' is invalid")
			.withMessageContaining("use letters, digits");
	}

	@Test
	void refusesEmptyAndOverlongGroups() {
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> Identifiers.requireValidGroup(""))
			.withMessage("Group name must not be empty");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> Identifiers.requireValidGroup(null))
			.withMessage("Group name must not be empty");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> Identifiers.requireValidGroup("g".repeat(129)))
			.withMessageContaining("is 129 characters long; use at most 128");
		assertThat(Identifiers.requireValidGroup("g".repeat(128))).hasSize(128);
	}

	@ParameterizedTest
	@ValueSource(strings = { "host-1234-abc", "node@zone-a", "10.0.0.7:8080" })
	void acceptsValidNodeIds(String nodeId) {
		assertThat(Identifiers.requireValidNodeId(nodeId)).isEqualTo(nodeId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "node 1", "node\n1", "node';--" })
	void refusesInvalidNodeIds(String nodeId) {
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> Identifiers.requireValidNodeId(nodeId))
			.withMessageContaining("Node id '")
			.withMessageContaining("use letters, digits");
	}

	@ParameterizedTest
	@ValueSource(strings = { "leader_lease", "LEADER_LEASE", "_lease", "app.leader_lease", "t1" })
	void acceptsSqlIdentifiersAsTableNames(String table) {
		assertThat(Identifiers.requireValidTableName(table)).isEqualTo(table);
	}

	@ParameterizedTest
	@ValueSource(strings = { "leader_lease; drop table users", "1lease", "a.b.c", "lease-table", "\"quoted\"", "",
			"a234567890123456789012345678901234567890123456789012345678901234" })
	void refusesOtherTableNames(String table) {
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> Identifiers.requireValidTableName(table))
			.withMessageContaining("is not a valid SQL identifier")
			.withMessageContaining("for example 'leader_lease'");
	}

	@Test
	void defaultNodeIdsAreValidAndDifferEvenInOneJvm() {
		String first = Identifiers.defaultNodeId();
		String second = Identifiers.defaultNodeId();
		assertThat(Identifiers.requireValidNodeId(first)).contains("-" + ProcessHandle.current().pid() + "-");
		assertThat(first).isNotEqualTo(second);
	}

}
