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

package dev.leader.docs.fencing;

import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;

@Component
public class ReportRenderer {

	private final LeaderCoordinator coordinator;

	public ReportRenderer(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@Async // spring.task.execution.propagate-context=true carries the token here
	public CompletableFuture<Void> render() {
		this.coordinator.verify(LeaderContext.require()); // check before side effects
		return CompletableFuture.completedFuture(null);
	}

}
