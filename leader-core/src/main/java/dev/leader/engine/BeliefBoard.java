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

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Where a store keeps what each instance believes it leads, so that any node can find two
 * believers of one group, or a belief in a token the store no longer has, in store time.
 * The engine publishes and checks; a store adds only how it keeps the records.
 * <p>
 * Each instance's record is valid in store time until the shortest of its beliefs could
 * end: the publisher sends how long its beliefs hold from the moment it sends them, and
 * the store adds that to its own clock. A store must drop an instance's beliefs from
 * every snapshot once that horizon passed, and must read a snapshot of the records and
 * the leases at one moment, so that an ordinary handover is never seen as two believers.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public interface BeliefBoard {

	/**
	 * The record's entry for the weight of the groups its instance campaigns for (group
	 * names never start with a dot).
	 */
	String CAMPAIGN_WEIGHT = ".campaigns";

	/**
	 * The record's entry for the tags of its node ({@code leader.node-tags}), each
	 * URL-encoded (UTF-8), separated by {@code ;}: an encoded tag holds neither {@code ;}
	 * nor {@code ,}, so any tag fits, and a record of an earlier version, which skips
	 * every entry that starts with a dot, still reads it.
	 */
	String NODE_TAGS = ".tags";

	/**
	 * The record's entry for the share of its node as the node computed it at its last
	 * exchange (for the endpoint of the other nodes).
	 */
	String SHARE = ".share";

	/**
	 * Replace this instance's record with its current beliefs, and read every other
	 * instance's valid record and the store's tokens, at one moment of store time, in one
	 * round trip where the store can.
	 * @param nodeId this node
	 * @param instanceId this instance
	 * @param beliefs the beliefs, asked for as late as possible before the request is
	 * sent
	 * @param timeout the longest the exchange may take
	 * @return what the store held once the record was written
	 */
	Snapshot exchange(String nodeId, String instanceId, Supplier<Beliefs> beliefs, Duration timeout);

	/**
	 * Remove an instance's record: this instance's when it stops, or an instance whose
	 * session ended before its leases are taken over.
	 * @param instanceId the instance
	 * @param timeout the longest the call may take
	 */
	void withdraw(String instanceId, Duration timeout);

	/**
	 * Pause or unpause a group cluster-wide: set or clear the group's pause flag in the
	 * store at once. Every instance reads the flags with its next exchange
	 * ({@link Snapshot#paused()}), without a request of its own. A group may be paused
	 * before it was ever leased.
	 * @param group the group (a valid group name)
	 * @param paused {@code true} to pause, {@code false} to unpause
	 * @param byNode the node that asks, recorded with the flag
	 * @param timeout the longest the call may take
	 * @return whether the flag changed ({@code false} when the group was paused already,
	 * or not paused)
	 * @throws dev.leader.LeaderStoreException when the store could not write the flag
	 */
	boolean pause(String group, boolean paused, String byNode, Duration timeout);

	/**
	 * The text form of beliefs in a store: {@code group=token} pairs, comma-separated,
	 * sorted by group (group names never hold {@code =} or {@code ,}).
	 * @param tokens the token by group
	 * @return the text, empty for no beliefs
	 */
	static String encode(Map<String, Long> tokens) {
		StringBuilder text = new StringBuilder();
		new TreeMap<>(tokens).forEach(
				(group, token) -> text.append((text.length() > 0) ? "," : "").append(group).append('=').append(token));
		return text.toString();
	}

	/**
	 * Read the beliefs of a record written by {@link #encode(Map)} or
	 * {@link Beliefs#encode()}, without the record's other entries.
	 * @param text the text
	 * @return the token by group
	 */
	static Map<String, Long> decode(String text) {
		Map<String, Long> tokens = new TreeMap<>();
		if (!text.isEmpty()) {
			for (String pair : text.split(",")) {
				int equals = pair.lastIndexOf('=');
				if (!pair.startsWith(".")) {
					tokens.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
				}
			}
		}
		return tokens;
	}

	/**
	 * Read the weight of the groups an instance campaigns for from its record.
	 * @param text the record written by {@link Beliefs#encode()}
	 * @return the weight, or -1 when the record does not say (a record of an earlier
	 * version, which counts as campaigning)
	 */
	static long campaignWeight(String text) {
		return Member.decode(text).campaignWeight();
	}

	/**
	 * What an instance's record says about its node, besides its beliefs: read by every
	 * other node with each exchange, for placement and the endpoint.
	 *
	 * @param campaignWeight the weight of the groups the instance campaigns for (0 when
	 * it campaigns for none, for example drained), or -1 when the record does not say (a
	 * record of an earlier version, which counts as campaigning)
	 * @param tags the tags of its node ({@code leader.node-tags}); empty when the record
	 * does not say (a record of an earlier version counts as a node without tags)
	 * @param share the share the node computed at its previous exchange, or -1 when
	 * unknown
	 */
	record Member(long campaignWeight, Set<String> tags, long share) {

		/**
		 * A member with an immutable, sorted copy of the tags.
		 */
		public Member {
			tags = Collections.unmodifiableSet(new TreeSet<>(tags));
		}

		/**
		 * The record's entries for this member: the campaign weight, the share when known
		 * and the tags when there are any, comma-separated.
		 * @return the text
		 */
		public String encode() {
			StringBuilder text = new StringBuilder(CAMPAIGN_WEIGHT).append('=').append(this.campaignWeight);
			if (this.share >= 0) {
				text.append(',').append(SHARE).append('=').append(this.share);
			}
			if (!this.tags.isEmpty()) {
				StringJoiner tags = new StringJoiner(";");
				this.tags.forEach((tag) -> tags.add(URLEncoder.encode(tag, StandardCharsets.UTF_8)));
				text.append(',').append(NODE_TAGS).append('=').append(tags);
			}
			return text.toString();
		}

		/**
		 * Read what a record says about its node; entries it does not know (a later
		 * version's) are skipped, entries it misses (an earlier version's) read as
		 * unknown.
		 * @param text the record written by {@link Beliefs#encode()}
		 * @return the member
		 */
		public static Member decode(String text) {
			long weight = -1;
			long share = -1;
			Set<String> tags = new TreeSet<>();
			for (String pair : text.split(",")) {
				if (pair.startsWith(CAMPAIGN_WEIGHT + "=")) {
					weight = Long.parseLong(pair.substring(CAMPAIGN_WEIGHT.length() + 1));
				}
				else if (pair.startsWith(SHARE + "=")) {
					share = parseOrUnknown(pair.substring(SHARE.length() + 1));
				}
				else if (pair.startsWith(NODE_TAGS + "=")) {
					for (String tag : pair.substring(NODE_TAGS.length() + 1).split(";")) {
						decodeTag(tag, tags);
					}
				}
			}
			return new Member(weight, tags, share);
		}

		private static long parseOrUnknown(String number) {
			try {
				return Long.parseLong(number);
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

		private static void decodeTag(String encoded, Set<String> tags) {
			if (encoded.isEmpty()) {
				return;
			}
			try {
				tags.add(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				// Not written by this encoding: not a tag this node can match.
			}
		}

	}

	/**
	 * What an instance believes: the token of every group it leads, and how long, from
	 * the moment the request is sent, every one of these beliefs holds at least.
	 *
	 * @param tokens the token by group
	 * @param validFor how long the beliefs hold from the send time
	 * @param member what the record says about the node: the weight of the groups the
	 * instance campaigns for (0 when it campaigns for none, for example drained), so that
	 * other nodes count it or not, its tags and its share
	 */
	record Beliefs(Map<String, Long> tokens, Duration validFor, Member member) {

		/**
		 * Beliefs with an immutable copy of the tokens.
		 */
		public Beliefs {
			tokens = Map.copyOf(tokens);
		}

		/**
		 * Beliefs of a node without tags and with no share known.
		 * @param tokens the token by group
		 * @param validFor how long the beliefs hold from the send time
		 * @param campaignWeight the weight of the groups the instance campaigns for
		 */
		public Beliefs(Map<String, Long> tokens, Duration validFor, long campaignWeight) {
			this(tokens, validFor, new Member(campaignWeight, Set.of(), -1));
		}

		/**
		 * The weight of the groups the instance campaigns for.
		 * @return the weight
		 */
		public long campaignWeight() {
			return this.member.campaignWeight();
		}

		/**
		 * The record's text: the member's entries ({@link Member#encode()}), then the
		 * beliefs as {@link BeliefBoard#encode(Map)} writes them.
		 * @return the text
		 */
		public String encode() {
			String beliefs = BeliefBoard.encode(this.tokens);
			return this.member.encode() + (beliefs.isEmpty() ? "" : "," + beliefs);
		}

	}

	/**
	 * The other instances' valid beliefs and the store's tokens, read at one moment.
	 *
	 * @param beliefs the token by group of every other instance whose record was valid,
	 * by instance
	 * @param storeTokens the store's current token by group, for every group that has a
	 * lease
	 * @param holders the instance the store's current token was granted to, by group,
	 * where the store knows it
	 * @param members what the record says about its node ({@link Member#decode(String)}:
	 * campaign weight, tags, share) of every instance whose record is live (its session
	 * holds, or it was written recently), whatever it believes, by instance; this
	 * instance may be missing (a store that reads the records as they were before the
	 * write)
	 * @param paused the groups paused cluster-wide
	 */
	record Snapshot(Map<String, Map<String, Long>> beliefs, Map<String, Long> storeTokens, Map<String, String> holders,
			Map<String, Member> members, Set<String> paused) {

		/**
		 * A snapshot with immutable copies.
		 */
		public Snapshot {
			beliefs = Map.copyOf(beliefs);
			storeTokens = Map.copyOf(storeTokens);
			holders = Map.copyOf(holders);
			members = Map.copyOf(members);
			paused = Set.copyOf(paused);
		}

	}

}
