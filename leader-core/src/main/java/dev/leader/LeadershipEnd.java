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
 * Why a leadership recorded in the {@link LeadershipHistory} ended, as the store knows
 * it. The holder records the end of a lease it releases ({@link #YIELDED},
 * {@link #DRAINED}, {@link #SHUTDOWN}; a drill turns its yield into {@link #DRILL}); a
 * lease that ended without a release (the holder crashed, was cut off from the store or
 * stepped down without being able to release) is closed by the node that next takes the
 * group, with the end it inferred ({@link #EXPIRED}, {@link #TAKEN_OVER}, {@link #LOST}).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public enum LeadershipEnd {

	/** The holder yielded the group ({@link LeaderCoordinator#yield(String)}). */
	YIELDED,

	/**
	 * The holder was drained from the group ({@link LeaderCoordinator#drain(String)}).
	 */
	DRAINED,

	/** The holder shut down and released the group. */
	SHUTDOWN,

	/**
	 * The holder yielded the group in a failover drill; the record's detail says who took
	 * over and how long the handover took.
	 */
	DRILL,

	/**
	 * The holder stepped down while the store still counted its lease, and the lease was
	 * taken anew before it expired (by the same instance, which may take back a lease it
	 * did not yield).
	 */
	LOST,

	/**
	 * The holder's store was unreachable and it stepped down; recorded by stores whose
	 * holder learns it later from the store itself.
	 */
	STORE_UNREACHABLE,

	/**
	 * The lease expired without a release (the holder crashed, paused or was cut off):
	 * inferred by the next holder, the end being the lease's expiry in store time.
	 */
	EXPIRED,

	/**
	 * The lease was taken over before its expiry because its holder's liveness session
	 * ended (fast failover): inferred by the next holder, the end being the takeover.
	 */
	TAKEN_OVER;

	/**
	 * The end a holder records when it releases a lease after stepping down.
	 * @param reason why it stepped down
	 * @return the recorded end
	 */
	public static LeadershipEnd released(RevocationReason reason) {
		return switch (reason) {
			case YIELDED -> YIELDED;
			case DRAINED -> DRAINED;
			case SHUTDOWN -> SHUTDOWN;
			case LEASE_LOST -> LOST;
			case STORE_UNREACHABLE -> STORE_UNREACHABLE;
		};
	}

	/**
	 * The end of a recorded name, for stores that keep it as text.
	 * @param name the name, or {@code null}
	 * @return the end, or {@code null} for {@code null} or a name this version does not
	 * know
	 */
	public static @Nullable LeadershipEnd parse(@Nullable String name) {
		if (name == null) {
			return null;
		}
		for (LeadershipEnd end : values()) {
			if (end.name().equals(name)) {
				return end;
			}
		}
		return null;
	}

}
