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
 * A store could not write its leadership history, so the transition that had to record it
 * (an acquisition, a release) did not happen: a grant never stands without its record.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeadershipHistoryException extends LeaderStoreException {

	private static final long serialVersionUID = 1L;

	public LeadershipHistoryException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
