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
 */
public final class LeaderOnlyAdvisor extends AbstractPointcutAdvisor {

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
