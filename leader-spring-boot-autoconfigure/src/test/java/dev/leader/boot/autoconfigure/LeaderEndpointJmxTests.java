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

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.leader.boot.actuate.LeaderEndpoint;
import dev.leader.boot.actuate.LeaderEndpointWebExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code leader} endpoint is technology-neutral: over JMX it reads a group, and an
 * unknown group reads as nothing; the HTTP status codes are the web extension's, which
 * exists only when the endpoint is exposed over HTTP.
 */
class LeaderEndpointJmxTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JmxAutoConfiguration.class,
				EndpointAutoConfiguration.class, JmxEndpointAutoConfiguration.class, LeaderAutoConfiguration.class,
				LeaderEndpointAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.generate-unique-name=false", "leader.groups=reports", "spring.jmx.enabled=true",
				"spring.jmx.default-domain=leader-" + UUID.randomUUID(),
				"management.endpoints.jmx.exposure.include=leader");

	@Test
	void jmxReadsAGroupAndNothingForAnUnknownOne() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LeaderEndpoint.class)
				.doesNotHaveBean(LeaderEndpointWebExtension.class);
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			String domain = context.getEnvironment().getProperty("spring.jmx.default-domain");
			ObjectName name = server.queryNames(new ObjectName(domain + ":type=Endpoint,name=Leader,*"), null)
				.iterator()
				.next();
			Object reports = server.invoke(name, "group", new Object[] { "reports" },
					new String[] { String.class.getName() });
			assertThat(reports).isInstanceOf(Map.class);
			assertThat(((Map<?, ?>) reports).containsKey("thisNodeLeads")).isTrue();
			assertThat(server.invoke(name, "group", new Object[] { "no-such-group" },
					new String[] { String.class.getName() }))
				.isNull();
		});
	}

	@Test
	void webExtensionComesWithWebExposure() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=leader")
			.run((context) -> assertThat(context).hasSingleBean(LeaderEndpointWebExtension.class));
	}

}
