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

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipRecord;
import dev.leader.Lease;
import dev.leader.engine.BeliefBoard;
import dev.leader.engine.HistoryRetention;

/**
 * A store of one lease per group. Every operation is a single conditional step evaluated
 * with the store's own clock, never the caller's. Each operation is bounded by the given
 * timeout: past it, the call fails with a {@link LeaderStoreException} rather than block.
 * <p>
 * A store that {@linkplain #keepsHistory() keeps a leadership history} records it with
 * its own steps, by the rule of {@link dev.leader.engine.HistoryLog}: an acquisition or
 * takeover records the grant and closes the record of a predecessor that ended without
 * recording it ({@link LeadershipEnd#EXPIRED}, {@link LeadershipEnd#TAKEN_OVER},
 * {@link LeadershipEnd#LOST}, with the end inferred in store time); a release closes the
 * holder's record with the reason it gives. A step whose history write fails fails as a
 * whole, so a grant is never without its record.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface LeaseStore {

	/**
	 * A short description such as {@code jdbc:postgresql}.
	 * @return the description
	 */
	String description();

	/**
	 * Check that the store is usable (for example that its table exists).
	 * @param timeout the longest the check may take
	 * @throws LeaderStoreException when it is not
	 */
	void checkReady(Duration timeout);

	/**
	 * Acquire the group's lease when it is free, expired, or already held by
	 * {@code holder}, advancing the group's fencing token.
	 * @param group the group
	 * @param holder the node acquiring
	 * @param leaseDuration how long the lease lasts from now in store time
	 * @param timeout the longest the call may take
	 * @return the new token, or empty when another node holds the lease
	 */
	OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout);

	/**
	 * Extend the lease when {@code holder} still holds it with {@code token} and it has
	 * not expired. The token is kept.
	 * @param group the group
	 * @param holder the holder
	 * @param token the holder's token
	 * @param leaseDuration how long the lease lasts from now in store time
	 * @param timeout the longest the call may take
	 * @return {@code true} when renewed, {@code false} when the lease was lost
	 */
	boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout);

	/**
	 * Release the lease when {@code holder} holds it with {@code token}, so that another
	 * node can acquire it at once. The token is kept.
	 * @param group the group
	 * @param holder the holder
	 * @param token the holder's token
	 * @param timeout the longest the call may take
	 * @return {@code true} when released
	 */
	boolean release(String group, String holder, long token, Duration timeout);

	/**
	 * Release the lease as {@link #release(String, String, long, Duration)} does, and
	 * record why in the history of a store that keeps one. By default the reason is not
	 * recorded.
	 * @param group the group
	 * @param holder the holder
	 * @param token the holder's token
	 * @param reason why the holder releases the lease
	 * @param timeout the longest the call may take
	 * @return {@code true} when released
	 */
	default boolean release(String group, String holder, long token, LeadershipEnd reason, Duration timeout) {
		return release(group, holder, token, timeout);
	}

	/**
	 * Whether the store keeps a leadership history (see {@link #history}). By default it
	 * does not.
	 * @return {@code true} when it does
	 */
	default boolean keepsHistory() {
		return false;
	}

	/**
	 * The group's leadership history: records that had not ended before {@code since},
	 * oldest first.
	 * @param group the group
	 * @param since the earliest end of interest, in store time
	 * @param timeout the longest the call may take
	 * @return the records
	 * @throws UnsupportedOperationException when the store keeps no history
	 */
	default List<LeadershipRecord> history(String group, Instant since, Duration timeout) {
		throw new UnsupportedOperationException(description() + " keeps no leadership history");
	}

	/**
	 * Change the end reason of an ended record of the history and attach a detail (see
	 * {@link dev.leader.LeadershipHistory#annotate}).
	 * @param group the group
	 * @param token the record's token
	 * @param reason the reason
	 * @param detail the detail
	 * @param timeout the longest the call may take
	 * @return whether an ended record of that token was changed
	 * @throws UnsupportedOperationException when the store keeps no history
	 */
	default boolean annotate(String group, long token, LeadershipEnd reason, String detail, Duration timeout) {
		throw new UnsupportedOperationException(description() + " keeps no leadership history");
	}

	/**
	 * Prune the history of the groups a leader holds, in one step where the store can:
	 * records that ended before the retention's age, and all but the latest
	 * {@code maxEntriesPerGroup} of each group. Does nothing by default.
	 * @param tokens the leader's current token of each group
	 * @param retention the retention
	 * @param timeout the longest the call may take
	 */
	default void pruneHistory(Map<String, Long> tokens, HistoryRetention retention, Duration timeout) {
	}

	/**
	 * Read the group's lease.
	 * @param group the group
	 * @param timeout the longest the call may take
	 * @return the lease, or empty when the group was never leased
	 */
	Optional<Lease> read(String group, Duration timeout);

	/**
	 * Read the leases of several groups, in one round trip where the store can. By
	 * default one {@link #read(String, Duration)} per group.
	 * @param groups the groups
	 * @param timeout the longest the call may take
	 * @return the leases by group; groups that were never leased are absent
	 */
	default Map<String, Lease> readAll(Collection<String> groups, Duration timeout) {
		Map<String, Lease> leases = new LinkedHashMap<>();
		for (String group : groups) {
			read(group, timeout).ifPresent((lease) -> leases.put(group, lease));
		}
		return leases;
	}

	/**
	 * Renew several leases of one holder, in one round trip where the store can: each is
	 * extended when {@code holder} still holds it with the given token and it has not
	 * expired, exactly as {@link #renew(String, String, long, Duration, Duration)} would.
	 * By default one {@code renew} per group.
	 * @param holder the holder
	 * @param tokens the holder's token of each group
	 * @param leaseDuration how long the leases last from now in store time
	 * @param timeout the longest the call may take
	 * @return the groups renewed; the others were lost
	 */
	default Set<String> renewAll(String holder, Map<String, Long> tokens, Duration leaseDuration, Duration timeout) {
		Set<String> renewed = new LinkedHashSet<>();
		for (Map.Entry<String, Long> entry : tokens.entrySet()) {
			if (renew(entry.getKey(), holder, entry.getValue(), leaseDuration, timeout)) {
				renewed.add(entry.getKey());
			}
		}
		return renewed;
	}

	/**
	 * Watch for leases being released (by any node), where the store can push such news,
	 * so that followers need not poll to learn of a graceful handover. Best effort: a
	 * watch may miss a release while it is not {@linkplain ReleaseWatch#isWatching()
	 * watching}. By default the store cannot push.
	 * @param listener told of every release and of the watch starting and stopping
	 * @return the watch, to close when done, or empty when the store cannot push
	 */
	default Optional<ReleaseWatch> watchReleases(ReleaseWatch.Listener listener) {
		return Optional.empty();
	}

	/**
	 * Take over a lease whose holder's session has ended (see {@link #liveness}): one
	 * conditional step, in store time, that succeeds only while {@code from} still holds
	 * the lease with {@code fromToken} (expired or not), and advances the token. A store
	 * that keeps beliefs ({@link #beliefBoard()}) removes the ended instance's record in
	 * the same step, so that the takeover is never seen as a second believer.
	 * @param group the group
	 * @param holder the instance taking over
	 * @param from the instance whose session ended
	 * @param fromToken the token it held the lease with
	 * @param leaseDuration how long the lease lasts from now in store time
	 * @param timeout the longest the call may take
	 * @return the new token, or empty when the lease changed meanwhile
	 * @throws UnsupportedOperationException when the store has no liveness sessions
	 */
	default OptionalLong takeOver(String group, String holder, String from, long fromToken, Duration leaseDuration,
			Duration timeout) {
		throw new UnsupportedOperationException(description() + " cannot take over leases");
	}

	/**
	 * Hold a liveness session for an instance and wait on other instances' sessions, so
	 * that a crashed leader's leases are taken over when its session ends rather than
	 * when they expire. By default the store has no such sessions.
	 * @param instanceId the instance this run campaigns as
	 * @param leaseDuration the lease duration, which bounds how soon the store may end a
	 * silent session
	 * @param listener told of the loss of this instance's session and of the end of
	 * watched ones
	 * @return the liveness, to close when the run ends, or empty when the store has none
	 */
	default Optional<InstanceLiveness> liveness(String instanceId, Duration leaseDuration,
			InstanceLiveness.Listener listener) {
		return Optional.empty();
	}

	/**
	 * Where this store keeps what each instance believes it leads, for the
	 * duplicate-leader check. By default the store keeps no beliefs.
	 * @return the board, or empty
	 */
	default Optional<BeliefBoard> beliefBoard() {
		return Optional.empty();
	}

}
