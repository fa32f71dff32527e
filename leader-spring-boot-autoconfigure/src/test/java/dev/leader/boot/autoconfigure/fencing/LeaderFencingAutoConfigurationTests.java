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

package dev.leader.boot.autoconfigure.fencing;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.PathContainer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.leader.LeaderConfigurationException;
import dev.leader.fencing.FencingTokenCheck;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.InMemoryFencingTokenRegistry;
import dev.leader.http.FencedPaths;
import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.http.FencingTokenFilterFunction;
import dev.leader.http.FencingTokenHandlerInterceptor;
import dev.leader.http.FencingTokenWebFilter;
import dev.leader.jdbc.JdbcFencingTokenRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link LeaderFencingAutoConfiguration} defines, per kind of application and
 * property.
 */
class LeaderFencingAutoConfigurationTests {

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LeaderFencingAutoConfiguration.class));

	@Test
	void aPlainApplicationGetsTheClientBeansOnlyAndNothingIsAppliedToClients() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LeaderFencingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(FencingTokenClientInterceptor.class);
				assertThat(context).hasSingleBean(FencingTokenFilterFunction.class);
				assertThat(context).doesNotHaveBean(FencingTokenCheck.class);
				assertThat(context).doesNotHaveBean(FencingTokenRegistry.class);
				assertThat(context).doesNotHaveBean("org.springframework.boot.restclient.RestClientCustomizer");
			});
	}

	@Test
	void clientBeansCanBeTurnedOff() {
		this.servlet.withPropertyValues("leader.fencing.client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FencingTokenClientInterceptor.class);
			assertThat(context).doesNotHaveBean(FencingTokenFilterFunction.class);
		});
	}

	@Test
	void aServletApplicationChecksTokensInMemoryByDefault() {
		this.servlet.withPropertyValues("leader.fencing.server.paths=/charges/**,/refunds").run((context) -> {
			assertThat(context).getBean(FencingTokenRegistry.class).isInstanceOf(InMemoryFencingTokenRegistry.class);
			assertThat(context).hasSingleBean(FencingTokenCheck.class);
			assertThat(context).hasSingleBean(FencingTokenHandlerInterceptor.class);
			assertThat(context).hasBean("leaderFencingWebMvcConfigurer");
			assertThat(context.getBean("leaderFencingWebMvcConfigurer")).isInstanceOf(WebMvcConfigurer.class);
			assertThat(context).doesNotHaveBean(FencingTokenWebFilter.class);
			FencedPaths paths = context.getBean(FencedPaths.class);
			assertThat(paths.matches(PathContainer.parsePath("/charges/42"))).isTrue();
			assertThat(paths.matches(PathContainer.parsePath("/reports"))).isFalse();
		});
	}

	@Test
	void theServerSideCanBeTurnedOffAndYieldsToUserBeans() {
		this.servlet.withPropertyValues("leader.fencing.server.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FencingTokenCheck.class);
			assertThat(context).doesNotHaveBean(FencingTokenHandlerInterceptor.class);
		});
		this.servlet.withBean(FencingTokenRegistry.class, InMemoryFencingTokenRegistry::new)
			.withPropertyValues("leader.fencing.server.registry=jdbc")
			.run((context) -> assertThat(context).hasSingleBean(FencingTokenRegistry.class));
	}

	@Test
	void aReactiveApplicationGetsTheWebFilter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(LeaderFencingAutoConfiguration.class))
			.withUserConfiguration(Codecs.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(FencingTokenWebFilter.class);
				assertThat(context).doesNotHaveBean(FencingTokenHandlerInterceptor.class);
			});
	}

	@Test
	void theJdbcRegistryCreatesItsTableOnAnEmbeddedDatabase() {
		this.servlet.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:fencing-" + UUID.randomUUID(),
					"leader.fencing.server.registry=jdbc", "leader.fencing.server.jdbc.table-name=receiver_tokens")
			.run((context) -> {
				assertThat(context).getBean(FencingTokenRegistry.class).isInstanceOf(JdbcFencingTokenRegistry.class);
				FencingTokenRegistry registry = context.getBean(FencingTokenRegistry.class);
				assertThat(registry.admit("billing", 4).admitted()).isTrue();
				assertThat(new JdbcTemplate(context.getBean(DataSource.class))
					.queryForObject("SELECT highest FROM receiver_tokens WHERE group_name = 'billing'", Long.class))
					.isEqualTo(4);
			});
	}

	@Test
	void theJdbcRegistryWithoutADataSourceOrWithABadTableNameFailsClearly() {
		this.servlet.withPropertyValues("leader.fencing.server.registry=jdbc")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(LeaderConfigurationException.class)
				.hasMessageContaining("leader.fencing.server.registry=jdbc")
				.hasMessageContaining("DataSource"));
		this.servlet.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:fencing-" + UUID.randomUUID(),
					"leader.fencing.server.registry=jdbc", "leader.fencing.server.jdbc.table-name=tokens; DROP")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(LeaderConfigurationException.class)
				.hasMessageContaining("leader.fencing.server.jdbc.table-name"));
	}

	@Test
	void theLeaseRegistryNeedsACoordinator() {
		this.servlet.withPropertyValues("leader.fencing.server.registry=lease")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(LeaderConfigurationException.class)
				.hasMessageContaining("LeaderCoordinator"));
	}

	@Test
	void anInvalidPathPatternFailsClearly() {
		this.servlet.withPropertyValues("leader.fencing.server.paths=/charges/**/x")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(LeaderConfigurationException.class)
				.hasMessageContaining("leader.fencing.server.paths"));
	}

	@Test
	void nothingWhenLeaderElectionIsOff() {
		this.servlet.withPropertyValues("leader.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FencingTokenClientInterceptor.class);
			assertThat(context).doesNotHaveBean(FencingTokenCheck.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Codecs {

		@Bean
		ServerCodecConfigurer serverCodecConfigurer() {
			return ServerCodecConfigurer.create();
		}

	}

}
