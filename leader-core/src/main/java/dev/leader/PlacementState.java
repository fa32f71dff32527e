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

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * How this node sees the spread of groups, as of its last exchange with the store.
 *
 * @param balancing whether groups are balanced over the nodes
 * @param liveNodes how many live nodes campaign for at least one group, this one included
 * when it does
 * @param share the most weight this node leads before it hands a group over
 * ({@code ceil(W / N)}, capped by the capacity), or -1 before the first exchange
 * @param load the weight of the groups this node leads
 * @param capacity the capacity of this node, 0 for none
 * @param otherNodes the ids of the other live campaigning nodes
 * @param moving the group this node yielded to move it, until another node holds it
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record PlacementState(boolean balancing, int liveNodes, long share, long load, int capacity,
		Set<String> otherNodes, @Nullable String moving) {

	/**
	 * A state with an immutable copy of the node ids.
	 */
	public PlacementState {
		otherNodes = Collections.unmodifiableSet(new TreeSet<>(otherNodes));
	}

}
