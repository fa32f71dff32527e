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

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer's context propagation carry the {@link LeaderContext} token to other
 * threads: Spring Boot's {@code ContextPropagatingTaskDecorator}
 * ({@code spring.task.execution.propagate-context=true}) for {@code @Async} methods and
 * task executors, and Reactor's automatic context propagation
 * ({@code spring.reactor.context-propagation=auto}). Registered through
 * {@code META-INF/services/io.micrometer.context.ThreadLocalAccessor} when
 * {@code io.micrometer:context-propagation} is on the class path.
 * <p>
 * Work handed to another thread this way is not tracked as a running leader-only call: a
 * yield or shutdown does not wait for it, and a lost lease does not interrupt it. Such
 * work must check its token ({@link LeaderCoordinator#verify(FencingToken)} or a fencing
 * guard) before its side effects, or be awaited by the leader-only call that started it.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaderContextAccessor implements ThreadLocalAccessor<FencingToken> {

	/** The key of the token in a context snapshot. */
	public static final String KEY = "dev.leader.fencing-token";

	/** The scopes this accessor opened on each thread, innermost last. */
	private static final ThreadLocal<Deque<LeaderContext.Scope>> SCOPES = ThreadLocal.withInitial(ArrayDeque::new);

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable FencingToken getValue() {
		return LeaderContext.current().orElse(null);
	}

	@Override
	public void setValue(FencingToken token) {
		SCOPES.get().addLast(LeaderContext.bind(token));
	}

	@Override
	public void setValue() {
		SCOPES.get().addLast(LeaderContext.bindNone());
	}

	@Override
	public void restore(FencingToken previous) {
		closeInnermost();
	}

	@Override
	public void restore() {
		closeInnermost();
	}

	private static void closeInnermost() {
		Deque<LeaderContext.Scope> scopes = SCOPES.get();
		LeaderContext.Scope innermost = scopes.pollLast();
		if (innermost != null) {
			innermost.close();
		}
		if (scopes.isEmpty()) {
			SCOPES.remove();
		}
	}

}
