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

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.leader.LeadershipEnd;
import dev.leader.LeadershipRecord;

/**
 * The one rule of what the leadership history records when, applied to a group's bounded
 * list of records by the stores that keep the list as one value (a ZooKeeper znode, an
 * etcd key, written with a conditional update); the JDBC store applies the same rule in
 * SQL, in the statements or transactions of its acquisitions and releases:
 * <ol>
 * <li>A grant adds an open record (holder, token, start in store time), and closes every
 * record of an earlier token still open: its holder ended without recording it (a crash,
 * a lost session or connection), so the new holder records the end it infers, at the
 * latest its own start ({@link #granted}).</li>
 * <li>A release by the holder closes its record with the release's time and the reason it
 * stepped down ({@link #released}).</li>
 * <li>A drill annotates the yield it caused ({@link #annotated}).</li>
 * <li>Records that ended longer ago than the retention, and all but the latest
 * {@code maxEntriesPerGroup}, are pruned ({@link #pruned}).</li>
 * </ol>
 * Instances are immutable; every change returns a new log. The encoding is a JSON array
 * of objects, one per record.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class HistoryLog {

	private final String group;

	/** Sorted by token. */
	private final List<LeadershipRecord> records;

	private HistoryLog(String group, List<LeadershipRecord> records) {
		this.group = group;
		List<LeadershipRecord> sorted = new ArrayList<>(records);
		sorted.sort(Comparator.comparingLong(LeadershipRecord::token));
		this.records = Collections.unmodifiableList(sorted);
	}

	/**
	 * An empty log.
	 * @param group the group
	 * @return the log
	 */
	public static HistoryLog empty(String group) {
		return new HistoryLog(group, List.of());
	}

	/**
	 * The records, oldest first.
	 * @return the records
	 */
	public List<LeadershipRecord> records() {
		return this.records;
	}

	/**
	 * A grant: close every open record of an earlier token at {@code inferredEnd} (no
	 * later than the grant's start) with {@code inferredReason}, and add the grant's
	 * record. A record of the grant's token that exists already (a retried write) is
	 * kept.
	 * @param grant the grant's record, open
	 * @param inferredEnd when the open leaderships before it ended, at the latest
	 * @param inferredReason why they ended, as far as the new holder knows
	 * @return the new log
	 */
	public HistoryLog granted(LeadershipRecord grant, Instant inferredEnd, LeadershipEnd inferredReason) {
		List<LeadershipRecord> next = new ArrayList<>();
		boolean present = false;
		Instant end = inferredEnd.isAfter(grant.start()) ? grant.start() : inferredEnd;
		for (LeadershipRecord record : this.records) {
			if (record.token() == grant.token()) {
				present = true;
				next.add(record);
			}
			else if (record.isOpen() && record.token() < grant.token()) {
				Instant closedAt = end.isBefore(record.start()) ? record.start() : end;
				next.add(record.closed(closedAt, inferredReason));
			}
			else {
				next.add(record);
			}
		}
		if (!present) {
			next.add(grant);
		}
		return new HistoryLog(this.group, next);
	}

	/**
	 * A release: close the record of the token, when open.
	 * @param token the released token
	 * @param end when it was released
	 * @param reason why
	 * @return the new log
	 */
	public HistoryLog released(long token, Instant end, LeadershipEnd reason) {
		List<LeadershipRecord> next = new ArrayList<>();
		for (LeadershipRecord record : this.records) {
			next.add((record.token() == token && record.isOpen())
					? record.closed(end.isBefore(record.start()) ? record.start() : end, reason) : record);
		}
		return new HistoryLog(this.group, next);
	}

	/**
	 * An annotation: the ended record of the token gets another reason and a detail.
	 * @param token the token
	 * @param reason the reason
	 * @param detail the detail
	 * @return the new log, or {@code null} when no ended record has that token
	 */
	public @Nullable HistoryLog annotated(long token, LeadershipEnd reason, String detail) {
		List<LeadershipRecord> next = new ArrayList<>();
		boolean found = false;
		for (LeadershipRecord record : this.records) {
			if (record.token() == token && !record.isOpen()) {
				found = true;
				next.add(record.annotated(reason, truncate(detail)));
			}
			else {
				next.add(record);
			}
		}
		return found ? new HistoryLog(this.group, next) : null;
	}

	/**
	 * Without the records that ended before {@code now} less the retention's age, and
	 * without all but the latest {@code maxEntriesPerGroup}.
	 * @param now the store's time now
	 * @param retention the retention
	 * @return the new log
	 */
	public HistoryLog pruned(Instant now, HistoryRetention retention) {
		Instant oldest = now.minus(retention.maxAge());
		List<LeadershipRecord> kept = new ArrayList<>();
		for (LeadershipRecord record : this.records) {
			Instant end = record.end();
			if (end == null || !end.isBefore(oldest)) {
				kept.add(record);
			}
		}
		int excess = kept.size() - retention.maxEntriesPerGroup();
		return new HistoryLog(this.group, (excess > 0) ? kept.subList(excess, kept.size()) : kept);
	}

	/**
	 * The records that had not ended before {@code since}, oldest first.
	 * @param since the earliest end of interest
	 * @return the records
	 */
	public List<LeadershipRecord> since(Instant since) {
		return this.records.stream().filter((record) -> {
			Instant end = record.end();
			return end == null || !end.isBefore(since);
		}).toList();
	}

	/**
	 * The record of a token.
	 * @param token the token
	 * @return the record, or {@code null}
	 */
	public @Nullable LeadershipRecord record(long token) {
		return this.records.stream().filter((record) -> record.token() == token).findFirst().orElse(null);
	}

	/**
	 * The log as JSON, in UTF-8.
	 * @return the encoded log
	 */
	public byte[] encode() {
		StringBuilder json = new StringBuilder("[");
		for (LeadershipRecord record : this.records) {
			if (json.length() > 1) {
				json.append(',');
			}
			json.append("{\"token\":").append(record.token());
			HistoryJson.field(json, "instance", record.instance());
			HistoryJson.field(json, "start", record.start().toString());
			HistoryJson.field(json, "end", (record.end() != null) ? String.valueOf(record.end()) : null);
			LeadershipEnd reason = record.endReason();
			HistoryJson.field(json, "endReason", (reason != null) ? reason.name() : null);
			HistoryJson.field(json, "detail", record.detail());
			json.append('}');
		}
		return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Decode a log encoded by {@link #encode()}; empty data is an empty log.
	 * @param group the group
	 * @param data the encoded log, or {@code null}
	 * @return the log
	 * @throws IllegalArgumentException when the data is not such a log
	 */
	public static HistoryLog decode(String group, byte @Nullable [] data) {
		if (data == null || data.length == 0) {
			return empty(group);
		}
		List<LeadershipRecord> records = new ArrayList<>();
		for (Map<String, @Nullable Object> object : HistoryJson.parse(new String(data, StandardCharsets.UTF_8))) {
			Object token = object.get("token");
			Object instance = object.get("instance");
			Object start = object.get("start");
			if (!(token instanceof Long value) || !(instance instanceof String holder)
					|| !(start instanceof String started)) {
				throw new IllegalArgumentException(
						"A history record needs a token, an instance and a start: " + object);
			}
			Object end = object.get("end");
			Object reason = object.get("endReason");
			Object detail = object.get("detail");
			LeadershipRecord record = LeadershipRecord.granted(group, holder, value, Instant.parse(started));
			records.add(new LeadershipRecord(group, record.node(), holder, value, record.start(),
					(end instanceof String ended) ? Instant.parse(ended) : null,
					LeadershipEnd.parse((reason instanceof String name) ? name : null),
					(detail instanceof String text) ? text : null));
		}
		return new HistoryLog(group, records);
	}

	/**
	 * A detail as stores keep it: at most 255 characters.
	 * @param detail the detail
	 * @return the detail, truncated
	 */
	public static String truncate(String detail) {
		return (detail.length() > 255) ? detail.substring(0, 255) : detail;
	}

}
