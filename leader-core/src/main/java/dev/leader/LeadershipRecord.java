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

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * One leadership of a group as the {@link LeadershipHistory} keeps it: who held the group
 * with which token, from when to when in store time, and why it ended.
 *
 * @param group the group
 * @param node the holder's node id
 * @param instance the holder's instance id (the holder recorded in the store)
 * @param token the fencing token of the leadership
 * @param start when the lease was granted, in store time
 * @param end when the lease ended, in store time (released, or inferred by the next
 * holder), or {@code null} while no end is recorded
 * @param endReason why it ended, or {@code null} while no end is recorded
 * @param detail more about the end (a drill's successor and handover time), or
 * {@code null}
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public record LeadershipRecord(String group, String node, String instance, long token, Instant start,
		@Nullable Instant end, @Nullable LeadershipEnd endReason, @Nullable String detail) {

	/**
	 * A record of a grant, without an end yet.
	 * @param group the group
	 * @param instance the holder's instance id
	 * @param token the token of the grant
	 * @param start when it was granted, in store time
	 * @return the record
	 */
	public static LeadershipRecord granted(String group, String instance, long token, Instant start) {
		return new LeadershipRecord(group, Identifiers.nodeIdOf(instance), instance, token, start, null, null, null);
	}

	/**
	 * Whether no end is recorded: the leadership lasts, or it ended in a way nobody
	 * recorded yet (its holder crashed and no node took the group since).
	 * @return {@code true} while open
	 */
	public boolean isOpen() {
		return this.end == null;
	}

	/**
	 * How long the leadership lasted, once ended.
	 * @return the duration, or empty while open
	 */
	public Optional<Duration> duration() {
		Instant ended = this.end;
		return (ended != null) ? Optional.of(Duration.between(this.start, ended)) : Optional.empty();
	}

	/**
	 * This record closed.
	 * @param end when it ended, in store time
	 * @param reason why
	 * @return the closed record
	 */
	public LeadershipRecord closed(Instant end, LeadershipEnd reason) {
		return new LeadershipRecord(this.group, this.node, this.instance, this.token, this.start, end, reason,
				this.detail);
	}

	/**
	 * This record with another end reason and a detail.
	 * @param reason the end reason
	 * @param detail the detail
	 * @return the record
	 */
	public LeadershipRecord annotated(LeadershipEnd reason, String detail) {
		return new LeadershipRecord(this.group, this.node, this.instance, this.token, this.start, this.end, reason,
				detail);
	}

}
