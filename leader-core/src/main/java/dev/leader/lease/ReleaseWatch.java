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

package dev.leader.lease;

/**
 * A store's news of released leases, pushed rather than polled (see
 * {@link LeaseStore#watchReleases(Listener)}).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface ReleaseWatch extends AutoCloseable {

	/**
	 * Whether releases are being watched now. While not, a release may go unnoticed, so
	 * followers must poll.
	 * @return {@code true} while watching
	 */
	boolean isWatching();

	/**
	 * Stop watching, for good.
	 */
	@Override
	void close();

	/**
	 * Receives a watch's news, on the watch's own thread: return quickly.
	 */
	interface Listener {

		/**
		 * A lease of the store was released.
		 * @param group the group whose lease was released
		 */
		void released(String group);

		/**
		 * The watch started or stopped watching (for example its connection was lost or
		 * restored).
		 * @param watching whether it watches now
		 */
		void watching(boolean watching);

	}

}
