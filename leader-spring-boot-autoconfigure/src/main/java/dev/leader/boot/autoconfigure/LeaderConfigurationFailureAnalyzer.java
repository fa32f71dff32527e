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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.leader.LeaderConfigurationException;
import dev.leader.jdbc.LeaseTableNotFoundException;
import dev.leader.jdbc.LeaseTableOutdatedException;

/**
 * Explains a {@link LeaderConfigurationException} at startup: what is wrong and what to
 * set.
 *
 * @author leader-spring-boot-starter
 */
class LeaderConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<LeaderConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LeaderConfigurationException cause) {
		if (cause instanceof LeaseTableNotFoundException missing) {
			return new FailureAnalysis(cause.getMessage(),
					"Create table '" + missing.getTableName() + "' with " + missing.getSchemaLocation()
							+ " (copy it into a Flyway or Liquibase migration, renaming 'leader_lease' if "
							+ "leader.jdbc.table-name differs), or set leader.jdbc.initialize-schema=always "
							+ "so that the starter creates it.",
					cause);
		}
		if (cause instanceof LeaseTableOutdatedException outdated) {
			return new FailureAnalysis(cause.getMessage(),
					"Upgrade table '" + outdated.getTableName() + "' with " + outdated.getUpgradeLocation()
							+ " (add it as a new Flyway or Liquibase migration, renaming 'leader_lease' if "
							+ "leader.jdbc.table-name differs; it keeps every row and fencing token), or set "
							+ "leader.jdbc.initialize-schema=always so that the starter upgrades it.",
					cause);
		}
		return new FailureAnalysis("Leader election is not configured correctly: " + cause.getMessage(),
				"Change the configuration as the description says (properties under 'leader.'), or turn "
						+ "leader election off with leader.enabled=false.",
				cause);
	}

}
