package dev.leader.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.leader.LeaderCoordinator;
import dev.leader.boot.actuate.LeaderHealthIndicator;

/**
 * The {@code leader} health contributor: whether this node can reach its lease store.
 *
 * @author leader-spring-boot-starter
 */
@AutoConfiguration(after = LeaderAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(LeaderCoordinator.class)
@ConditionalOnEnabledHealthIndicator("leader")
public final class LeaderHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "leaderHealthIndicator")
	LeaderHealthIndicator leaderHealthIndicator(LeaderCoordinator coordinator) {
		return new LeaderHealthIndicator(coordinator);
	}

}
