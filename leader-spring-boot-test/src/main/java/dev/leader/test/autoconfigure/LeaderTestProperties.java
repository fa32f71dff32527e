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

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.leader.LeaderConfigurationException;
import dev.leader.test.LeadershipMode;

/**
 * Which groups the in-memory coordinator of {@link AutoConfigureLeader} leads.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.test")
public class LeaderTestProperties {

	/**
	 * Which groups this node leads in tests: 'all', 'none' or 'groups' (those of
	 * leader.test.groups). Defaults to 'all', or to 'groups' when leader.test.groups is
	 * set.
	 */
	private @Nullable LeadershipMode mode;

	/**
	 * The groups this node leads in tests when leader.test.mode is 'groups'.
	 */
	private Set<String> groups = new LinkedHashSet<>();

	public @Nullable LeadershipMode getMode() {
		return this.mode;
	}

	public void setMode(@Nullable LeadershipMode mode) {
		this.mode = mode;
	}

	public Set<String> getGroups() {
		return this.groups;
	}

	public void setGroups(Set<String> groups) {
		this.groups = groups;
	}

	/**
	 * The mode to apply: the configured one, or {@code GROUPS} when only groups are set,
	 * or {@code ALL}.
	 * @return the mode
	 * @throws LeaderConfigurationException when the mode and the groups disagree
	 */
	LeadershipMode effectiveMode() {
		if (this.mode == null) {
			return this.groups.isEmpty() ? LeadershipMode.ALL : LeadershipMode.GROUPS;
		}
		if (this.mode == LeadershipMode.GROUPS && this.groups.isEmpty()) {
			throw new LeaderConfigurationException("leader.test.mode=groups needs leader.test.groups, such as "
					+ "'billing,reports' (or @AutoConfigureLeader(groups = ...)); use leader.test.mode=none to lead "
					+ "no group");
		}
		if (this.mode != LeadershipMode.GROUPS && !this.groups.isEmpty()) {
			throw new LeaderConfigurationException(
					"leader.test.groups " + this.groups + " only applies to leader.test.mode=groups, but the mode is "
							+ this.mode.name().toLowerCase(Locale.ROOT)
							+ ": remove leader.test.mode (or set it to groups), or remove leader.test.groups");
		}
		return this.mode;
	}

}
