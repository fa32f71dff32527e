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

import java.util.Set;

/**
 * A store's knowledge of which instances are alive, from sessions rather than from lease
 * expiry (see {@link LeaseStore#liveness}). The instance of a run holds a session of its
 * own for its whole life; once that session ends it never holds one again, so the end of
 * an instance's session is final. Followers wait on the sessions of the instances that
 * hold the leases they follow and hear when one ends.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface InstanceLiveness extends AutoCloseable {

	/**
	 * Whether this instance's own session holds its liveness lock now. It is
	 * {@code false} until the session is set up and, once the session is lost, for good.
	 * No lease may be acquired while it is {@code false}.
	 * @return {@code true} while the session holds the lock
	 */
	boolean isHeld();

	/**
	 * The instances that hold the leases this node follows now: wait on their sessions
	 * (up to a cap), and stop waiting on any other.
	 * @param instances the instance ids
	 */
	void watchOnly(Set<String> instances);

	/**
	 * End the session (releasing the liveness lock) and every wait, for good.
	 */
	@Override
	void close();

	/**
	 * Told of a liveness's news, on its own threads: return quickly.
	 */
	interface Listener {

		/**
		 * This instance's own session ended: it must step down from everything now, and a
		 * new session means a new instance.
		 * @param reason why, for messages
		 */
		void lost(String reason);

		/**
		 * A watched instance's session was seen holding its lock and then ended, and the
		 * grace for that instance to notice its own loss has passed: the leases it still
		 * holds may be taken over.
		 * @param instanceId the instance
		 */
		void ended(String instanceId);

	}

}
