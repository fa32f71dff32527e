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

package dev.leader.aop;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import dev.leader.LeaderOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @LeaderOnly} method that carries no other Spring annotation still gets the
 * reflection hints a native image needs to read its annotation and invoke it.
 */
class LeaderOnlyRuntimeHintsTests {

	@Test
	void leaderOnlyMethodsAreRegisteredForReflection() throws NoSuchMethodException {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, PlainJob.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PlainJob.class.getMethod("run")))
			.accepts(hints);
	}

	static class PlainJob {

		@LeaderOnly("plain")
		public void run() {
		}

	}

}
