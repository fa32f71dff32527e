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

package dev.leader.messaging;

/**
 * What a sender does with a message sent outside a leader-only call, where no fencing
 * token is bound to the thread.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum OutsideLeaderCall {

	/**
	 * Send the message without a {@code Fencing-Token} header (the default): the same
	 * template or channel serves leader-only and ordinary work.
	 */
	OMIT,

	/**
	 * Refuse to send it: an {@link IllegalStateException} says that no token is bound.
	 * For templates and channels that only leader-only work may use.
	 */
	REFUSE

}
