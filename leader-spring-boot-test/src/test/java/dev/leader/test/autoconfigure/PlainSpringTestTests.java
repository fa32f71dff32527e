package dev.leader.test.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import dev.leader.test.LeaderTestSupport;
import dev.leader.test.app.Billing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without {@code @SpringBootTest} or auto-configuration, as in a test slice:
 * {@code @AutoConfigureLeader} brings the leader auto-configuration itself, so
 * {@code @LeaderOnly} methods are advised, and its attributes apply.
 */
@SpringJUnitConfig(PlainSpringTestTests.BillingOnly.class)
@AutoConfigureLeader(groups = "reports")
class PlainSpringTestTests {

	@Autowired
	private LeaderTestSupport leader;

	@Autowired
	private Billing billing;

	@Test
	void leaderOnlyMethodsAreAdvisedAndFollowTheConfiguredMode() {
		assertThat(this.billing.chargeDue()).isNull();
		this.leader.assertThatJob("Billing.chargeDue").skipped();
		this.leader.grant("billing");
		assertThat(this.billing.chargeDue()).isNotNull();
	}

	@Configuration(proxyBeanMethods = false)
	static class BillingOnly {

		@Bean
		Billing billing() {
			return new Billing();
		}

	}

}
