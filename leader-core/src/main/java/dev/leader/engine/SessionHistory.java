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

package dev.leader.engine;

import java.time.Instant;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.LeaderStoreException;
import dev.leader.LeadershipEnd;
import dev.leader.LeadershipHistory;
import dev.leader.LeadershipRecord;

/**
 * The leadership history of a session store (ZooKeeper, etcd): one value per group (a
 * znode, a key) holding its {@link HistoryLog}, changed only by conditional writes on the
 * version read, retried when another node wrote in between. The node that gains a group
 * records its grant (closing the records of predecessors that ended without recording it,
 * at its own start: the latest they can have ended), before it leads; a leader that
 * releases records the end before it leaves the election. Every write prunes the log to
 * the retention. A store adds how the value is read and written, and its time for an end.
 * <p>
 * A failed write of a grant or release is logged and does not cost the grant: a node cut
 * off from the store cannot record anything, and the next holder records what it
 * inferred.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class SessionHistory implements LeadershipHistory {

	private static final Log logger = LogFactory.getLog(SessionHistory.class);

	/** How often a write is tried again after another node's write came in between. */
	private static final int ATTEMPTS = 10;

	private final HistoryRetention retention;

	/**
	 * A history kept to a retention.
	 * @param retention how much to keep per group
	 */
	protected SessionHistory(HistoryRetention retention) {
		this.retention = retention;
	}

	/**
	 * Read a group's value.
	 * @param group the group
	 * @return the value and its version, or {@code null} when there is none
	 * @throws LeaderStoreException when the store cannot answer
	 */
	protected abstract @Nullable Versioned read(String group);

	/**
	 * Write a group's value if it is still at the version read (or still absent).
	 * @param group the group
	 * @param data the new value
	 * @param previous the value read, or {@code null} when there was none
	 * @return whether it was written ({@code false}: another write came in between)
	 * @throws LeaderStoreException when the store cannot answer
	 */
	protected abstract boolean write(String group, byte[] data, @Nullable Versioned previous);

	/**
	 * The store's time for the end of a lease released now.
	 * @param group the group
	 * @param current the value read
	 * @return the time and the version to write against, or {@code null} when another
	 * write came in between
	 * @throws LeaderStoreException when the store cannot answer
	 */
	protected abstract @Nullable Stamp now(String group, Versioned current);

	/**
	 * Record a grant before the node leads with it.
	 * @param group the group
	 * @param instance the new holder's instance id
	 * @param token the grant's token
	 * @param start when it was granted (the store's time where it has one)
	 */
	public final void granted(String group, String instance, long token, Instant start) {
		LeadershipRecord grant = LeadershipRecord.granted(group, instance, token, start);
		change(group, "the grant of token " + token, (current) -> new Change(
				decode(group, current).granted(grant, start, LeadershipEnd.EXPIRED).pruned(start, this.retention),
				current));
	}

	/**
	 * Record the end of a lease its holder releases, before it releases it.
	 * @param group the group
	 * @param token the released token
	 * @param reason why
	 */
	public final void released(String group, long token, LeadershipEnd reason) {
		change(group, "the release of token " + token, (current) -> {
			if (current == null) {
				return null;
			}
			Stamp stamp = now(group, current);
			if (stamp == null) {
				return new Change(null, current);
			}
			return new Change(
					decode(group, current).released(token, stamp.time(), reason).pruned(stamp.time(), this.retention),
					stamp.current());
		});
	}

	@Override
	public final List<LeadershipRecord> history(String group, Instant since) {
		return decode(group, read(group)).since(since);
	}

	@Override
	public final boolean annotate(String group, long token, LeadershipEnd reason, String detail) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Versioned current = read(group);
			HistoryLog annotated = decode(group, current).annotated(token, reason, detail);
			if (annotated == null) {
				return false;
			}
			if (write(group, annotated.encode(), current)) {
				return true;
			}
		}
		throw new LeaderStoreException("Could not annotate the history of group '" + group + "': " + ATTEMPTS
				+ " writes of other nodes came in between", null);
	}

	private void change(String group, String what, ChangeFunction function) {
		try {
			for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
				Versioned current = read(group);
				Change change = function.apply(current);
				if (change == null) {
					return;
				}
				HistoryLog log = change.log();
				if (log != null && write(group, log.encode(), change.against())) {
					return;
				}
			}
			logger.warn("Could not record " + what + " in the history of group '" + group + "': " + ATTEMPTS
					+ " writes of other nodes came in between");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not record " + what + " in the history of group '" + group
					+ "'; the next holder records the end it infers: " + ex);
		}
	}

	private static HistoryLog decode(String group, @Nullable Versioned value) {
		try {
			return HistoryLog.decode(group, (value != null) ? value.data() : null);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("The history of group '" + group + "' is not readable and starts anew: " + ex.getMessage());
			return HistoryLog.empty(group);
		}
	}

	/**
	 * A value and the version it was read at.
	 *
	 * @param data the value
	 * @param version the store's version of it
	 */
	public record Versioned(byte[] data, long version) {

	}

	/**
	 * The store's time, and the value a write must be conditional on afterwards (a store
	 * that learns its time by writing has a new version).
	 *
	 * @param time the time
	 * @param current the value to write against
	 */
	public record Stamp(Instant time, Versioned current) {

	}

	/**
	 * A new log and the value it replaces; no log: try again.
	 */
	private record Change(@Nullable HistoryLog log, @Nullable Versioned against) {

	}

	@FunctionalInterface
	private interface ChangeFunction {

		@Nullable Change apply(@Nullable Versioned current);

	}

}
