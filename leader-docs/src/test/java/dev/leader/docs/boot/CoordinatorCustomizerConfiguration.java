package dev.leader.docs.boot;

import dev.leader.boot.autoconfigure.LeaderCoordinatorBuilderCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Options applied to the auto-configured coordinator, whichever store it uses
 * (docs/spring-boot.md).
 */
@Configuration(proxyBeanMethods = false)
public class CoordinatorCustomizerConfiguration {

	@Bean // runs after the starter's own customizer, which applies leader.node-id and
			// leader.groups
	LeaderCoordinatorBuilderCustomizer reportingGroups() {
		return (builder) -> builder.groups("reports", "exports");
	}

}
