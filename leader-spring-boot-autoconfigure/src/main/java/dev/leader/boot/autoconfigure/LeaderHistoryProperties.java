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

package dev.leader.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.leader.engine.HistoryRetention;

/**
 * How much leadership history the store keeps: {@code leader.history.*}. The history
 * records every grant and end of a lease of every group, in store time ({@code GET
 * /actuator/leader/{group}/history}); the leader of a group prunes it at most every few
 * minutes, with one statement for all the groups it leads.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.history")
public class LeaderHistoryProperties {

	/**
	 * How long the record of a leadership is kept after it ended (an open record is kept
	 * until it ends).
	 */
	private Duration retention = Duration.ofDays(30);

	/**
	 * The most records kept per group, the latest; older ones are pruned whatever their
	 * age.
	 */
	private int maxEntriesPerGroup = 1000;

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

	public int getMaxEntriesPerGroup() {
		return this.maxEntriesPerGroup;
	}

	public void setMaxEntriesPerGroup(int maxEntriesPerGroup) {
		this.maxEntriesPerGroup = maxEntriesPerGroup;
	}

	/**
	 * The retention these properties describe; a leader prunes every 5 minutes at most
	 * (sooner for a retention shorter than that).
	 * @return the retention
	 * @throws dev.leader.LeaderConfigurationException when a value is not positive
	 */
	public HistoryRetention toRetention() {
		Duration interval = HistoryRetention.DEFAULT_PRUNE_INTERVAL;
		if (this.retention != null && !this.retention.isNegative() && !this.retention.isZero()
				&& this.retention.compareTo(interval) < 0) {
			interval = this.retention;
		}
		return new HistoryRetention(this.retention, this.maxEntriesPerGroup, interval);
	}

}
