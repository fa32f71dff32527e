package dev.leader.aop;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.MergedAnnotation;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderOnly;

/**
 * Proxies beans with {@link LeaderOnly} methods (JDK or CGLIB proxies, or the bean's
 * existing proxy), refuses methods that cannot be skipped, and collects the groups they
 * name so that the node campaigns for them. No AspectJ weaving is needed.
 *
 * @author leader-spring-boot-starter
 */
public final class LeaderOnlyBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final Set<String> groups = new ConcurrentSkipListSet<>();

	public LeaderOnlyBeanPostProcessor(LeaderOnlyAdvisor advisor) {
		this.advisor = advisor;
		// Inside other advice (such as @Async), so the check runs on the thread doing the
		// work.
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
		return super.postProcessAfterInitialization(bean, beanName);
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

	private static String wrapperName(Class<?> primitive) {
		return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType().getSimpleName();
	}

}
