package dev.leader.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Spring MVC controller method (or every method of a controller) as an effect of
 * one lease group's leader: a request must carry {@code Fencing-Token: <group>:<value>}
 * of that group, and is refused when the token is stale (409), of another group (400),
 * malformed (400) or missing (428). Checked by {@link FencingTokenHandlerInterceptor},
 * whatever {@code leader.fencing.server.paths} says.
 *
 * @author leader-spring-boot-starter
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FencedEndpoint {

	/**
	 * The lease group whose tokens the endpoint admits.
	 * @return the group name
	 */
	String value();

}
