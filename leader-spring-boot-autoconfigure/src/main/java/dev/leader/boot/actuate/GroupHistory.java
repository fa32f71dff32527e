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

package dev.leader.boot.actuate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderStoreException;
import dev.leader.LeadershipHistory;
import dev.leader.boot.actuate.LeaderEndpoint.HistoryDescriptor;
import dev.leader.boot.actuate.LeaderEndpoint.RecordDescriptor;

/**
 * A group's leadership history as the endpoint shows it, read from the store.
 *
 * @author leader-spring-boot-starter
 */
final class GroupHistory {

	private GroupHistory() {
	}

	/**
	 * Read a group's history.
	 * @throws InvalidEndpointRequestException for an invalid {@code since} or group name
	 */
	static HistoryDescriptor read(LeaderCoordinator coordinator, String group, @Nullable String since) {
		Instant from = parseSince(since);
		try {
			Identifiers.requireValidGroup(group);
		}
		catch (LeaderConfigurationException ex) {
			throw new InvalidEndpointRequestException(String.valueOf(ex.getMessage()), "Invalid group name");
		}
		Optional<LeadershipHistory> history = coordinator.leadershipHistory();
		String store = coordinator.store();
		if (history.isEmpty()) {
			return new HistoryDescriptor(group, store, from, false, List.of(),
					"the " + store + " store keeps no leadership history");
		}
		try {
			return new HistoryDescriptor(group, store, from, true,
					history.get().history(group, from).stream().map(RecordDescriptor::of).toList(), null);
		}
		catch (LeaderStoreException ex) {
			return new HistoryDescriptor(group, store, from, true, List.of(), "store unreachable: " + ex.getMessage());
		}
	}

	private static Instant parseSince(@Nullable String since) {
		if (since == null || since.isBlank()) {
			return Instant.EPOCH;
		}
		try {
			return Instant.parse(since.strip());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEndpointRequestException(
					"Invalid 'since' value '" + since
							+ "': expected an ISO-8601 instant in UTC such as 2026-01-31T12:00:00Z",
					"Invalid 'since' value");
		}
	}

}
