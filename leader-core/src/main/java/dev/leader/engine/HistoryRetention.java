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

package dev.leader.engine;

import java.time.Duration;

import dev.leader.LeaderConfigurationException;

/**
 * How much leadership history the store keeps per group, and how often a leader prunes
 * the history of the groups it leads (one statement or write per prune, never with every
 * renewal).
 *
 * @param maxAge records that ended longer ago than this are pruned
 * @param maxEntriesPerGroup at most this many records are kept per group, the latest
 * @param pruneInterval a leader prunes the groups it leads at most this often
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record HistoryRetention(Duration maxAge, int maxEntriesPerGroup, Duration pruneInterval) {

	/** The default age limit: 30 days. */
	public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);

	/** The default number of records kept per group: 1000. */
	public static final int DEFAULT_MAX_ENTRIES_PER_GROUP = 1000;

	/** The default prune interval: 5 minutes. */
	public static final Duration DEFAULT_PRUNE_INTERVAL = Duration.ofMinutes(5);

	/** The defaults: 30 days, 1000 records per group, pruned every 5 minutes at most. */
	public static final HistoryRetention DEFAULTS = new HistoryRetention(DEFAULT_MAX_AGE, DEFAULT_MAX_ENTRIES_PER_GROUP,
			DEFAULT_PRUNE_INTERVAL);

	/**
	 * Check the retention.
	 * @param maxAge records that ended longer ago than this are pruned
	 * @param maxEntriesPerGroup at most this many records are kept per group
	 * @param pruneInterval a leader prunes at most this often
	 * @throws LeaderConfigurationException when a value is not positive
	 */
	public HistoryRetention {
		if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
			throw new LeaderConfigurationException(
					"leader.history.retention must be positive, was " + maxAge + ": for example 30d");
		}
		if (maxEntriesPerGroup < 1) {
			throw new LeaderConfigurationException(
					"leader.history.max-entries-per-group must be at least 1, was " + maxEntriesPerGroup);
		}
		if (pruneInterval == null || pruneInterval.isNegative() || pruneInterval.isZero()) {
			throw new LeaderConfigurationException(
					"The history's prune interval must be positive, was " + pruneInterval);
		}
	}

}
