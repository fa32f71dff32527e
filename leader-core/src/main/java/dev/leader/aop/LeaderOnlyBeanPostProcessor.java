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
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.interceptor.AsyncExecutionInterceptor;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.MergedAnnotation;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderOnly;

/**
 * Proxies beans with {@link LeaderOnly} methods (JDK or CGLIB proxies, or the bean's
 * existing proxy), refuses methods that cannot be skipped, and collects the groups they
 * name so that the node campaigns for them. No AspectJ weaving is needed.
 * <p>
 * In a chain of advice the leader check comes right after {@code @Async} (it runs on the
 * executing thread) and before transactions, caching, retries and observations, which a
 * follower's skipped call therefore never reaches.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeaderOnlyBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private static final long serialVersionUID = 1L;

	/** Matched by name: Reactive Streams need not be on the class path. */
	private static final String PUBLISHER = "org.reactivestreams.Publisher";

	private final LeaderOnlyAdvisor leaderOnlyAdvisor;

	private final Set<String> groups = new ConcurrentSkipListSet<>();

	public LeaderOnlyBeanPostProcessor(LeaderOnlyAdvisor advisor) {
		this.advisor = advisor;
		this.leaderOnlyAdvisor = advisor;
		// A bean that no other advice proxies yet gets a proxy of its own; advice added
		// later (@Async) goes before it.
		setBeforeExistingAdvisors(false);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		Map<Method, MergedAnnotation<LeaderOnly>> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<MergedAnnotation<LeaderOnly>>) (method) -> {
					MergedAnnotation<LeaderOnly> annotation = LeaderOnlyInterceptor.LeaderOnlyMethod.find(method);
					return annotation.isPresent() ? annotation : null;
				});
		annotated.forEach((method, annotation) -> this.groups.add(check(method, annotation.getString("value"))));
		if (!annotated.isEmpty() && bean instanceof Advised advised && !advised.isFrozen()
				&& isEligible(AopUtils.getTargetClass(bean))) {
			advised.addAdvisor(placement(advised.getAdvisors()), this.leaderOnlyAdvisor);
			return bean;
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	/**
	 * Where the leader check goes in an existing proxy's chain: after the advice that
	 * hands the call to another thread ({@code @Async}), so that it runs on the thread
	 * doing the work, and before everything else (transactions, caching, retries,
	 * observations), so that a follower skips the call without opening a transaction or
	 * touching a cache.
	 */
	private static int placement(Advisor[] advisors) {
		int index = 0;
		while (index < advisors.length && advisors[index].getAdvice() instanceof AsyncExecutionInterceptor) {
			index++;
		}
		return index;
	}

	/**
	 * The groups named by the {@code @LeaderOnly} methods of the beans seen so far.
	 * @return group names
	 */
	public Set<String> groups() {
		return new TreeSet<>(this.groups);
	}

	private static String check(Method method, String group) {
		String where = "@LeaderOnly method " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
		Class<?> returnType = method.getReturnType();
		if (returnType.isPrimitive() && returnType != void.class) {
			throw new LeaderConfigurationException(where + " returns " + returnType.getName()
					+ ", which has no value for the nodes that skip it: return void, a wrapper type such as "
					+ wrapperName(returnType) + " (followers get null), or Optional (followers get Optional.empty())");
		}
		if (isPublisher(returnType)) {
			throw new LeaderConfigurationException(where + " returns " + returnType.getName()
					+ ", a reactive type: Spring schedules such a method by calling it once and subscribing to its "
					+ "result on every tick, so the leader check would run once, not per tick. "
					+ "Return void (or a wrapper type, or Optional) and block on the reactive work inside the method");
		}
		if (KotlinDetector.isSuspendingFunction(method)) {
			throw new LeaderConfigurationException(where + " is a Kotlin suspending function: Spring AOP hands the "
					+ "advice a Mono for it and runs the body only when that is subscribed, after the leader check "
					+ "returned, so the fencing token is not bound in the body and shutdown and yield do not wait for "
					+ "it. Make it a regular function and run the suspending work inside it with runBlocking { }");
		}
		String kotlinResult = KotlinReturnTypes.nonNullResult(method);
		if (kotlinResult != null) {
			throw new LeaderConfigurationException(where + " declares the non-null Kotlin result type " + kotlinResult
					+ ", which has no value for the nodes that skip it (they return null): declare it nullable ("
					+ kotlinResult + "?), return Unit, or return Optional (followers get Optional.empty())");
		}
		int modifiers = method.getModifiers();
		if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
			throw new LeaderConfigurationException(where
					+ " is private, static or final, so no proxy can intercept it and it would run on every node: "
					+ "make it a public (or protected) instance method that is not final");
		}
		try {
			return Identifiers.requireValidGroup(group);
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException(where + " names an invalid group: " + ex.getMessage());
		}
	}

	private static boolean isPublisher(Class<?> type) {
		for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
			if (candidate.getName().equals(PUBLISHER) || implementsPublisher(candidate)) {
				return true;
			}
		}
		return false;
	}

	private static boolean implementsPublisher(Class<?> type) {
		for (Class<?> implemented : type.getInterfaces()) {
			if (implemented.getName().equals(PUBLISHER) || implementsPublisher(implemented)) {
				return true;
			}
		}
		return false;
	}

	private static String wrapperName(Class<?> primitive) {
		return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType().getSimpleName();
	}

}
