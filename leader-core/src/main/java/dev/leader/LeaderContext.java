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

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The fencing token of the leader-only invocation running on the current thread.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaderContext {

	/**
	 * The bindings of this thread, innermost last. Scopes may close out of order (a
	 * ShedLock lock released after a later one), so each removes its own binding, not the
	 * top.
	 */
	private static final ThreadLocal<Deque<Binding>> BINDINGS = ThreadLocal.withInitial(ArrayDeque::new);

	private LeaderContext() {
	}

	/**
	 * The token of the leader-only invocation running on this thread.
	 * @return the token, or empty outside a leader-only invocation
	 */
	public static Optional<FencingToken> current() {
		Binding innermost = BINDINGS.get().peekLast();
		return (innermost != null) ? Optional.ofNullable(innermost.token()) : Optional.empty();
	}

	/**
	 * The token of the leader-only invocation running on this thread.
	 * @return the token
	 * @throws IllegalStateException outside a leader-only invocation
	 */
	public static FencingToken require() {
		return current().orElseThrow(() -> new IllegalStateException(
				"No fencing token bound to this thread: call LeaderContext.require() from a @LeaderOnly method"));
	}

	/**
	 * Bind a token to this thread until the returned scope is closed; the innermost open
	 * binding is the current one. For integrations that run leader-only work. Closing a
	 * scope twice has no further effect.
	 * @param token the token to bind
	 * @return the scope to close when the invocation ends
	 */
	public static Scope bind(FencingToken token) {
		return push(Objects.requireNonNull(token, "token"));
	}

	/**
	 * Hide any token bound to this thread until the returned scope is closed: context
	 * propagation uses it on a thread that must see no token.
	 * @return the scope to close to see the outer binding again
	 */
	static Scope bindNone() {
		return push(null);
	}

	private static Scope push(@Nullable FencingToken token) {
		Deque<Binding> bindings = BINDINGS.get();
		Binding binding = new Binding(token);
		bindings.addLast(binding);
		return () -> {
			// Identity, not equality: the same token may be bound twice.
			bindings.removeIf((open) -> open == binding);
			if (bindings.isEmpty()) {
				BINDINGS.remove();
			}
		};
	}

	private static final class Binding {

		/** The token, or {@code null} for a binding that hides outer ones. */
		private final @Nullable FencingToken token;

		Binding(@Nullable FencingToken token) {
			this.token = token;
		}

		@Nullable FencingToken token() {
			return this.token;
		}

	}

	/**
	 * A binding of a token to the current thread.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
