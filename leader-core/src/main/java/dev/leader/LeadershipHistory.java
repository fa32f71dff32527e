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

import java.time.Instant;
import java.util.List;

/**
 * The leadership history the store keeps for each group: every grant and every end of a
 * lease, in store time, written with the store's own transitions (see
 * {@link LeadershipEnd} for who records which end). Any node reads it, whether or not it
 * leads. Retention is bounded by age and by a number of records per group.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface LeadershipHistory {

	/**
	 * The leaderships of a group that had not ended before {@code since}: those still
	 * open and those that ended at or after it, oldest first (by token).
	 * @param group the group
	 * @param since the earliest end of interest, in store time
	 * @return the records, oldest first
	 * @throws LeaderStoreException when the store cannot answer
	 */
	List<LeadershipRecord> history(String group, Instant since);

	/**
	 * Change the recorded end reason of an ended leadership and attach a detail, as a
	 * failover drill does with the yield it caused ({@link LeadershipEnd#DRILL}, with its
	 * successor and handover time).
	 * @param group the group
	 * @param token the leadership's token
	 * @param reason the end reason to record
	 * @param detail the detail (at most 255 characters are kept)
	 * @return whether an ended record of that token was found and changed
	 * @throws LeaderStoreException when the store cannot answer
	 */
	boolean annotate(String group, long token, LeadershipEnd reason, String detail);

}
