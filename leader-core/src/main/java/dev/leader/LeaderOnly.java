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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method (typically {@code @Scheduled}) that runs only on the node that currently
 * holds a locally valid lease of a group. On every other node the call is skipped: it
 * returns {@code null}, or {@code Optional.empty()} for an {@code Optional} return type.
 * A primitive return type is refused at startup. May be used as a meta-annotation.
 * <p>
 * While the method runs, its {@link FencingToken} is available from
 * {@link LeaderContext#current()}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
public @interface LeaderOnly {

	/**
	 * The lease group whose leader runs the method.
	 * @return the group name
	 */
	String value() default "default";

	/**
	 * Whether every transaction on the lease table's {@code DataSource} that the call
	 * begins (or runs in) checks the token at its commit, inside that transaction: the
	 * lease row is locked in shared mode and a stale token rolls the transaction back
	 * with a {@link FencingException}, so no write made under a superseded token is
	 * committed. A method that is not transactional itself then runs in one transaction
	 * on that {@code DataSource}, so its plain JDBC writes commit together at its end.
	 * Needs the JDBC store. {@code leader.fence-transactions=true} turns it on for every
	 * leader-only method.
	 * @return whether the call's transactions are fenced
	 */
	boolean fenced() default false;

}
