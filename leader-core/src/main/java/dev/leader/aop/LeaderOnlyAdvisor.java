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

import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

import dev.leader.LeaderOnly;

/**
 * Applies the {@link LeaderOnlyInterceptor} to methods annotated (or meta-annotated) with
 * {@link LeaderOnly}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaderOnlyAdvisor extends AbstractPointcutAdvisor {

	private static final long serialVersionUID = 1L;

	private final Pointcut pointcut = new AnnotationMatchingPointcut(null, LeaderOnly.class, true);

	private final LeaderOnlyInterceptor interceptor;

	public LeaderOnlyAdvisor(LeaderOnlyInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}
