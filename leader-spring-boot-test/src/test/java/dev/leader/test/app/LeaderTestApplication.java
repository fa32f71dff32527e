package dev.leader.test.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small application with two leader-only jobs: {@code Billing.chargeDue} (group
 * {@code billing}, called by the tests) and {@code Reports.refresh} (group
 * {@code reports}, scheduled). It has no database: without {@code @AutoConfigureLeader}
 * it would fail to start for want of a lease store.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
public class LeaderTestApplication {

	@Bean
	Billing billing() {
		return new Billing();
	}

	@Bean
	Reports reports() {
		return new Reports();
	}

	@Bean
	LeadershipEvents leadershipEvents() {
		return new LeadershipEvents();
	}

}
