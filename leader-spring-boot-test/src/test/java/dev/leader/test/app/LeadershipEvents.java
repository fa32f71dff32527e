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

package dev.leader.test.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

import dev.leader.LeadershipEvent;

/**
 * Records the leadership events published in the context, as an application's listener
 * would see them.
 */
public class LeadershipEvents {

	private final List<LeadershipEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(LeadershipEvent event) {
		this.events.add(event);
	}

	/**
	 * The events seen so far, oldest first.
	 * @return the events
	 */
	public List<LeadershipEvent> events() {
		return List.copyOf(this.events);
	}

}
