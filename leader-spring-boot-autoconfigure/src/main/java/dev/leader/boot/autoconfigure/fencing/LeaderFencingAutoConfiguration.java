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

import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.server.WebFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.boot.autoconfigure.LeaderAutoConfiguration;
import dev.leader.fencing.FencingTokenCheck;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.InMemoryFencingTokenRegistry;
import dev.leader.fencing.LeaseFencingTokenRegistry;
import dev.leader.http.FencedPaths;
import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.http.FencingTokenFilterFunction;
import dev.leader.http.FencingTokenHandlerInterceptor;
import dev.leader.http.FencingTokenWebFilter;

/**
 * Fencing on the wire. Senders get a {@link FencingTokenClientInterceptor} and a
 * {@link FencingTokenFilterFunction} bean to add to the clients whose receivers check
 * tokens (never applied to every client). Receivers (servlet or reactive web
 * applications) get a {@link FencingTokenCheck} over a {@link FencingTokenRegistry}
 * chosen by {@code leader.fencing.server.registry}, applied to
 * {@code leader.fencing.server.paths} and to {@code @FencedEndpoint} methods.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@AutoConfiguration(after = LeaderAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "leader.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LeaderFencingProperties.class)
public final class LeaderFencingAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestInterceptor.class)
	@ConditionalOnBooleanProperty(name = "leader.fencing.client.enabled", matchIfMissing = true)
	static class ClientInterceptorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencingTokenClientInterceptor leaderFencingClientInterceptor() {
			return new FencingTokenClientInterceptor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ExchangeFilterFunction.class)
	@ConditionalOnBooleanProperty(name = "leader.fencing.client.enabled", matchIfMissing = true)
	static class ClientFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencingTokenFilterFunction leaderFencingFilterFunction() {
			return new FencingTokenFilterFunction();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	@ConditionalOnBooleanProperty(name = "leader.fencing.server.enabled", matchIfMissing = true)
	static class ServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencingTokenRegistry leaderFencingTokenRegistry(LeaderFencingProperties properties,
				ObjectProvider<DataSource> dataSources, ObjectProvider<LeaderCoordinator> coordinators) {
			LeaderFencingProperties.Server server = properties.getServer();
			return switch (server.getRegistry()) {
				case IN_MEMORY -> new InMemoryFencingTokenRegistry();
				case JDBC -> JdbcRegistries.create(server.getJdbc(), dataSources);
				case LEASE -> new LeaseFencingTokenRegistry(coordinators.getIfAvailable(() -> {
					throw new LeaderConfigurationException("leader.fencing.server.registry=lease checks tokens against "
							+ "the lease store through the LeaderCoordinator, but there is none: configure the lease "
							+ "store (leader.store) or choose leader.fencing.server.registry=jdbc or in-memory");
				}));
			};
		}

		@Bean
		@ConditionalOnMissingBean
		FencingTokenCheck leaderFencingTokenCheck(FencingTokenRegistry registry, LeaderFencingProperties properties) {
			return new FencingTokenCheck(registry, properties.getServer().isRequireToken());
		}

		@Bean
		@ConditionalOnMissingBean
		FencedPaths leaderFencedPaths(LeaderFencingProperties properties) {
			List<String> paths = properties.getServer().getPaths();
			try {
				return new FencedPaths(paths);
			}
			catch (IllegalArgumentException ex) {
				throw new LeaderConfigurationException(
						"leader.fencing.server.paths " + paths + " holds an invalid path pattern (" + ex.getMessage()
								+ "): use Spring path patterns such as '/charges/**'");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(WebMvcConfigurer.class)
	@ConditionalOnBooleanProperty(name = "leader.fencing.server.enabled", matchIfMissing = true)
	static class ServletServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencingTokenHandlerInterceptor leaderFencingTokenHandlerInterceptor(FencingTokenCheck check, FencedPaths paths,
				ObjectProvider<RequestMappingHandlerAdapter> adapters) {
			Supplier<List<HttpMessageConverter<?>>> converters = SingletonSupplier
				.of(() -> adapters.getObject().getMessageConverters());
			return new FencingTokenHandlerInterceptor(check, paths, converters);
		}

		@Bean
		WebMvcConfigurer leaderFencingWebMvcConfigurer(FencingTokenHandlerInterceptor interceptor) {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(interceptor);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnBooleanProperty(name = "leader.fencing.server.enabled", matchIfMissing = true)
	static class ReactiveServerConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FencingTokenWebFilter leaderFencingTokenWebFilter(FencingTokenCheck check, FencedPaths paths,
				ServerCodecConfigurer codecs) {
			return new FencingTokenWebFilter(check, paths, codecs.getWriters());
		}

	}

}
