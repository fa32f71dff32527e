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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the lease store cannot be reached or answers with an error, so that a lease
 * could be neither confirmed nor refuted.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderStoreException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public LeaderStoreException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
