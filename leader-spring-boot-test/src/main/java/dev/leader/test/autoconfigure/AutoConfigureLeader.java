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

package dev.leader.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

import dev.leader.test.InMemoryLeaderCoordinator;
import dev.leader.test.LeaderTestSupport;
import dev.leader.test.LeadershipMode;

/**
 * Replaces the application's lease store with an {@link InMemoryLeaderCoordinator} in a
 * test, so that the test decides which groups this node leads, without a database and
 * without waiting, and adds a {@link LeaderTestSupport} bean. Use it with
 * {@code @SpringBootTest} or a test slice.
 * <p>
 * By default the node leads every group. The attributes, or the properties
 * {@code leader.test.mode} ({@code all}, {@code none} or {@code groups}) and
 * {@code leader.test.groups}, choose otherwise. After every test method the groups return
 * to this configuration, also in a context that Spring's test-context cache reuses for a
 * later test class.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping(value = "leader.test", skip = PropertyMapping.Skip.ON_DEFAULT_VALUE)
public @interface AutoConfigureLeader {

	/**
	 * Which groups this node leads: every group (the default), none, or the
	 * {@link #groups()}. Setting only {@link #groups()} implies
	 * {@link LeadershipMode#GROUPS}.
	 * @return the leadership mode
	 */
	LeadershipMode mode() default LeadershipMode.ALL;

	/**
	 * The groups this node leads in {@link LeadershipMode#GROUPS} mode.
	 * @return the group names
	 */
	String[] groups() default {};

}
