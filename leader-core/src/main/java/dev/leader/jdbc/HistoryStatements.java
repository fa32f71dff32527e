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

package dev.leader.jdbc;

import java.util.Collections;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;

/**
 * The statements over a lease table's history table ({@code leader_lease_history} (the
 * lease table's name with {@code _history}), one row per grant: group, token, holder,
 * start, end, end reason, detail), by the rule of {@link dev.leader.engine.HistoryLog}.
 * On PostgreSQL an acquisition and a release write the history in the same statement
 * (data-modifying common table expressions); on the other databases in the same
 * transaction, after the lease row is locked.
 *
 * @param table the lease table
 * @param history the history table
 * @param dialect the dialect
 * @author leader-spring-boot-starter
 */
record HistoryStatements(String table, String history, JdbcLeaseDialect dialect) {

	/** What the history table's name adds to the lease table's. */
	static final String SUFFIX = "_history";

	/**
	 * The history table of a lease table: its name with {@value #SUFFIX}, in the same
	 * schema.
	 * @param table the lease table's validated name
	 * @return the history table's name
	 * @throws LeaderConfigurationException when that name is too long for an identifier
	 */
	static String historyOf(String table) {
		String history = table + SUFFIX;
		try {
			return Identifiers.requireValidTableName(history);
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException("Lease table name '" + table + "' leaves no room for its history "
					+ "table '" + history + "' (at most 63 characters): choose a name of at most "
					+ (63 - SUFFIX.length()) + " characters");
		}
	}

	/**
	 * PostgreSQL: acquire the lease when it is free, expired or already ours, and in the
	 * same statement close the predecessor's open record (its end the lease's expiry, or
	 * the acquisition when the lease had not expired) and open the new holder's.
	 * Parameters: the holder, the lease duration in milliseconds, the group, the holder,
	 * the group. Returns the new token, or no row.
	 */
	String acquire() {
		return "WITH acquired AS (" + LeaseTable.Statements.acquireUpdate(this.table, this.dialect, true)
				+ " RETURNING group_name, token, holder, acquired_at), previous AS (SELECT expires_at FROM "
				+ this.table + " WHERE group_name = ?), closed AS (UPDATE " + this.history
				+ " h SET ended_at = LEAST(p.expires_at, "
				+ "a.acquired_at), end_reason = CASE WHEN p.expires_at <= a.acquired_at THEN 'EXPIRED' ELSE 'LOST' END"
				+ " FROM acquired a, previous p WHERE h.group_name = a.group_name AND h.ended_at IS NULL"
				+ " AND h.token < a.token), opened AS (INSERT INTO " + this.history
				+ " (group_name, token, holder, started_at) SELECT group_name, token, holder, acquired_at FROM acquired)"
				+ " SELECT token FROM acquired";
	}

	/**
	 * PostgreSQL: take over the lease of an instance whose liveness session ended, close
	 * its open record (ended at the takeover, or at the lease's expiry if that came
	 * first), open the new holder's, and delete the ended instance's member record, in
	 * one statement. Parameters: the new holder, the lease duration in milliseconds, the
	 * group, the ended holder, its token, the group, the ended holder. Returns the new
	 * token, or no row when the lease changed meanwhile.
	 */
	String takeOver() {
		return "WITH taken AS (UPDATE " + this.table + " SET holder = ?, token = token + 1, acquired_at = "
				+ this.dialect.now() + ", renewed_at = " + this.dialect.now() + ", expires_at = "
				+ this.dialect.nowPlusMillis() + " WHERE group_name = ? AND holder = ? AND token = ?"
				+ " RETURNING group_name, token, holder, acquired_at), previous AS (SELECT expires_at FROM "
				+ this.table + " WHERE group_name = ?), closed AS (UPDATE " + this.history
				+ " h SET ended_at = LEAST(p.expires_at, a.acquired_at), end_reason = CASE WHEN p.expires_at"
				+ " <= a.acquired_at THEN 'EXPIRED' ELSE 'TAKEN_OVER' END FROM taken a, previous p"
				+ " WHERE h.group_name = a.group_name AND h.ended_at IS NULL AND h.token < a.token), opened AS"
				+ " (INSERT INTO " + this.history + " (group_name, token, holder, started_at) SELECT group_name,"
				+ " token, holder, acquired_at FROM taken), forgotten AS (DELETE FROM " + members()
				+ " WHERE instance_id = ? AND EXISTS (SELECT 1 FROM taken)) SELECT token FROM taken";
	}

	/**
	 * Delete an instance's member record (the duplicate-leader check's): parameters the
	 * instance.
	 */
	String forgetMember() {
		return "DELETE FROM " + members() + " WHERE instance_id = ?";
	}

	private String members() {
		return JdbcBeliefBoard.memberTable(this.table);
	}

	/**
	 * Lock the lease row of a group before a transition (not PostgreSQL's acquisition),
	 * and read what the history's close of the predecessor needs: parameters the group;
	 * columns holder, token, expires_at, the store's time.
	 */
	String lock() {
		return "SELECT holder, token, expires_at, " + this.dialect.now() + " AS store_now FROM " + this.table
				+ " WHERE group_name = ? FOR UPDATE";
	}

	/**
	 * Close every open record of a group: parameters the end, the reason, the group.
	 */
	String closeOpen() {
		return "UPDATE " + this.history + " SET ended_at = ?, end_reason = ? WHERE group_name = ? AND ended_at IS NULL";
	}

	/**
	 * Open the record of the group's current holder, as its lease row says (the row is
	 * locked by the transaction): parameters the group.
	 */
	String open() {
		return "INSERT INTO " + this.history + " (group_name, token, holder, started_at)"
				+ " SELECT group_name, token, holder, acquired_at FROM " + this.table + " WHERE group_name = ?";
	}

	/**
	 * Forget a group's records before its lease row is created (anew: its tokens start
	 * again at 1, so older records would collide): parameters the group.
	 */
	String forget() {
		return "DELETE FROM " + this.history + " WHERE group_name = ?";
	}

	/**
	 * Close the holder's record after its release, in the release's transaction, at the
	 * end the release gave the lease: parameters the group, the reason, the group, the
	 * token.
	 */
	String closeReleased() {
		return "UPDATE " + this.history + " SET ended_at = (SELECT expires_at FROM " + this.table
				+ " WHERE group_name = ?), end_reason = ? WHERE group_name = ? AND token = ? AND ended_at IS NULL";
	}

	/**
	 * PostgreSQL: release the lease (waiting for guarded transactions, as the release
	 * without history does), close the holder's record and notify the watching nodes, in
	 * one statement. Parameters: group, holder, token, the reason, the table name for the
	 * notification's payload. Returns a row when released.
	 */
	String releaseAndNotify(String channel) {
		return "WITH locked AS (SELECT group_name FROM " + this.table
				+ " WHERE group_name = ? AND holder = ? AND token = ? FOR UPDATE), released AS (UPDATE " + this.table
				+ " SET holder = NULL, expires_at = " + this.dialect.now() + " FROM locked WHERE " + this.table
				+ ".group_name = locked.group_name RETURNING " + this.table + ".group_name, " + this.table + ".token, "
				+ this.table + ".expires_at), closed AS (UPDATE " + this.history
				+ " h SET ended_at = r.expires_at, end_reason = ? FROM released r WHERE h.group_name = r.group_name"
				+ " AND h.token = r.token AND h.ended_at IS NULL) SELECT pg_notify('" + channel
				+ "', CAST(? AS VARCHAR) || '/' || group_name) FROM released";
	}

	/**
	 * A group's records that had not ended before a time, oldest first: parameters the
	 * group, the time.
	 */
	String read() {
		return "SELECT group_name, token, holder, started_at, ended_at, end_reason, detail FROM " + this.history
				+ " WHERE group_name = ? AND (ended_at IS NULL OR ended_at >= ?) ORDER BY token";
	}

	/**
	 * Annotate an ended record: parameters the reason, the detail, the group, the token.
	 */
	String annotate() {
		return "UPDATE " + this.history
				+ " SET end_reason = ?, detail = ? WHERE group_name = ? AND token = ? AND ended_at IS NOT NULL";
	}

	/**
	 * Prune in one statement the records of every group that ended before the retention's
	 * age, and of {@code count} groups those of tokens older than the latest
	 * {@code maxEntriesPerGroup}. Parameters: the retention's age in milliseconds
	 * (negated), then group and oldest token to keep of each group.
	 */
	String prune(int count) {
		return "DELETE FROM " + this.history + " WHERE ended_at < " + this.dialect.nowPlusMillis() + " OR "
				+ String.join(" OR ", Collections.nCopies(count, "(group_name = ? AND token < ?)"));
	}

	/**
	 * Whether an SQL error names this history table (a missing table, say).
	 */
	boolean concerns(@Nullable String message) {
		if (message == null) {
			return false;
		}
		int dot = this.history.indexOf('.');
		String name = (dot >= 0) ? this.history.substring(dot + 1) : this.history;
		return message.toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT));
	}

}
