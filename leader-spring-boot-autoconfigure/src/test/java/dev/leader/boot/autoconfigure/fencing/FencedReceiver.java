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
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.leader.http.FencedEndpoint;

/**
 * A receiving Spring MVC service: {@code POST /charges} is fenced by path (the tests set
 * {@code leader.fencing.server.paths=/charges/**}), {@code POST /refunds} by
 * {@code @FencedEndpoint("billing")}, {@code GET /status} not at all. It records what it
 * accepted. The nested controller is registered as a member of this configuration.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class FencedReceiver {

	@RestController
	static class Effects {

		private final List<String> accepted = new CopyOnWriteArrayList<>();

		@PostMapping("/charges")
		String charge(@RequestBody String body, @RequestHeader(name = "Fencing-Token", required = false) String token) {
			this.accepted.add("charge " + body + " under " + token);
			return "charged " + body;
		}

		@FencedEndpoint("billing")
		@PostMapping("/refunds")
		String refund(@RequestBody String body, @RequestHeader("Fencing-Token") String token) {
			this.accepted.add("refund " + body + " under " + token);
			return "refunded " + body;
		}

		@GetMapping("/status")
		String status() {
			return "up";
		}

		List<String> accepted() {
			return List.copyOf(this.accepted);
		}

	}

}
