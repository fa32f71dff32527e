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

package dev.leader.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each group may run: {@code leader.placement.*}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.placement")
public class LeaderPlacementProperties {

	/**
	 * Placement per group, by group name. A group not listed may run on every node.
	 */
	private final Map<String, Group> groups = new LinkedHashMap<>();

	public Map<String, Group> getGroups() {
		return this.groups;
	}

	/**
	 * Where one group may run. A node may lead the group when its id is among
	 * {@code nodes} or it carries one of {@code tags} ({@code leader.node-tags}); with
	 * neither set, every node may.
	 */
	public static class Group {

		/**
		 * Ids of the nodes that may lead the group.
		 */
		private Set<String> nodes = new LinkedHashSet<>();

		/**
		 * Node tags (see leader.node-tags) of which a node must carry one to lead the
		 * group.
		 */
		private Set<String> tags = new LinkedHashSet<>();

		public Set<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(Set<String> nodes) {
			this.nodes = nodes;
		}

		public Set<String> getTags() {
			return this.tags;
		}

		public void setTags(Set<String> tags) {
			this.tags = tags;
		}

	}

}
