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

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;

/**
 * Runs a fenced leader-only call ({@code @LeaderOnly(fenced = true)}) so that its side
 * effects are checked against the token where they land, such as at the commit of its
 * transactions ({@code dev.leader.jdbc.FencedTransactions}).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@FunctionalInterface
public interface FencedCallRunner {

	/**
	 * Run the call under its token.
	 * @param token the token the call runs under
	 * @param method the leader-only method
	 * @param targetClass the class of the bean the method is called on
	 * @param call the call itself
	 * @return what the call returned
	 * @throws Throwable what the call threw, or a {@link dev.leader.FencingException}
	 * when its effects were refused
	 */
	@Nullable Object run(FencingToken token, Method method, Class<?> targetClass, Call call) throws Throwable;

	/**
	 * The call to run.
	 */
	@FunctionalInterface
	interface Call {

		@Nullable Object proceed() throws Throwable;

	}

}
