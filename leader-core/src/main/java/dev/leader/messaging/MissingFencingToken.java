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
 * What a consumer does with a message that carries no {@code Fencing-Token} header.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum MissingFencingToken {

	/**
	 * Deliver it (the default): senders that are not leaders keep working.
	 */
	ACCEPT,

	/**
	 * Drop it, as a stale one is dropped: for destinations that only leaders write to.
	 */
	DROP

}
