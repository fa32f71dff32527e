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
