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

package dev.leader.amqp;

/**
 * What a listener container does with a message the fencing check refuses (stale, an
 * unreadable token, or no token when those are dropped). It is never requeued: a refused
 * message would be refused again on every redelivery.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum RefusedMessageAction {

	/**
	 * Acknowledge it without calling the listener (the default): the broker forgets it.
	 */
	ACKNOWLEDGE,

	/**
	 * Reject it without requeueing: the broker dead-letters it when the queue has a
	 * dead-letter exchange ({@code x-dead-letter-exchange}), and discards it otherwise.
	 */
	REJECT

}
