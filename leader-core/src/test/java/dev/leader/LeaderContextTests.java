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

package dev.leader;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Binding tokens to the current thread.
 */
class LeaderContextTests {

	private final FencingToken first = new FencingToken("billing", 1, "node-a");

	private final FencingToken second = new FencingToken("reports", 7, "node-a");

	@Test
	void requireOutsideABindingExplainsWhereToCallIt() {
		assertThat(LeaderContext.current()).isEmpty();
		assertThatIllegalStateException().isThrownBy(LeaderContext::require)
			.withMessageContaining("from a @LeaderOnly method");
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Test
	void innermostBindingIsCurrentAndClosingRestoresTheOuterOne() {
		try (LeaderContext.Scope outer = LeaderContext.bind(this.first)) {
			try (LeaderContext.Scope inner = LeaderContext.bind(this.second)) {
				assertThat(LeaderContext.require()).isEqualTo(this.second);
			}
			assertThat(LeaderContext.require()).isEqualTo(this.first);
		}
		assertThat(LeaderContext.current()).isEmpty();
	}

	@Test
	void scopesClosedOutOfOrderLeaveNothingBehind() {
		LeaderContext.Scope outer = LeaderContext.bind(this.first);
		LeaderContext.Scope inner = LeaderContext.bind(this.second);
		outer.close();
		assertThat(LeaderContext.require()).isEqualTo(this.second);
		inner.close();
		assertThat(LeaderContext.current()).isEmpty();
		inner.close();
		assertThat(LeaderContext.current()).isEmpty();
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Test
	void bindingsBelongToTheirThread() throws Exception {
		try (LeaderContext.Scope scope = LeaderContext.bind(this.first)) {
			AtomicReference<Optional<FencingToken>> seen = new AtomicReference<>();
			Thread other = new Thread(() -> seen.set(LeaderContext.current()));
			other.start();
			other.join();
			assertThat(seen.get()).isEmpty();
			assertThat(LeaderContext.require()).isEqualTo(this.first);
		}
	}

}
