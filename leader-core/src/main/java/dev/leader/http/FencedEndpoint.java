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
 * @since 0.1.0
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
