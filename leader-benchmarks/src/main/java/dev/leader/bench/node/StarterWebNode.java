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

package dev.leader.bench.node;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * This starter in a web application: {@link StarterNode}'s job, served by Tomcat with
 * graceful shutdown, and an endpoint whose requests take {@code bench.slow-request}
 * milliseconds. The harness has one such request in flight when it signals the node, so
 * Tomcat drains for that long while the context closes: the case where the order of the
 * leader's release and the web server's drain shows.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@Import({ StarterNode.class, StarterWebNode.SlowController.class })
@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
		WebMvcAutoConfiguration.class })
class StarterWebNode {

	@RestController
	static class SlowController {

		private final Reporter reporter;

		private final long millis;

		private final AtomicInteger served = new AtomicInteger();

		SlowController(Reporter reporter, @Value("${bench.slow-request:5000}") long millis) {
			this.reporter = reporter;
			this.millis = millis;
		}

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			this.reporter.slowRequestStarted();
			// The request's work: keeps Tomcat's graceful shutdown waiting.
			Thread.sleep(this.millis);
			return "served " + this.served.incrementAndGet();
		}

	}

}
