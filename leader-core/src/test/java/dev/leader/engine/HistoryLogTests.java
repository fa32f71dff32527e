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
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.leader.LeadershipEnd;
import dev.leader.LeadershipRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The history rule on a group's bounded list, as the ZooKeeper and etcd stores keep it.
 */
class HistoryLogTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void aGrantClosesTheOpenRecordsOfEarlierTokensWithTheInferredEnd() {
		HistoryLog log = HistoryLog.empty("g")
			.granted(LeadershipRecord.granted("g", "a#00000001", 1, T0), T0, LeadershipEnd.EXPIRED)
			.granted(LeadershipRecord.granted("g", "b#00000002", 2, T0.plusSeconds(10)), T0.plusSeconds(8),
					LeadershipEnd.EXPIRED);
		assertThat(log.records()).hasSize(2);
		LeadershipRecord first = log.records().get(0);
		assertThat(first.end()).isEqualTo(T0.plusSeconds(8));
		assertThat(first.endReason()).isEqualTo(LeadershipEnd.EXPIRED);
		assertThat(first.node()).isEqualTo("a");
		assertThat(log.records().get(1).isOpen()).isTrue();
		// An inferred end later than the new start is the new start.
		HistoryLog next = log.granted(LeadershipRecord.granted("g", "c#00000003", 3, T0.plusSeconds(20)),
				T0.plusSeconds(30), LeadershipEnd.EXPIRED);
		assertThat(next.record(2).end()).isEqualTo(T0.plusSeconds(20));
		// A retried write of the same grant changes nothing.
		assertThat(next
			.granted(LeadershipRecord.granted("g", "c#00000003", 3, T0.plusSeconds(21)), T0.plusSeconds(21),
					LeadershipEnd.EXPIRED)
			.records()).isEqualTo(next.records());
	}

	@Test
	void aReleaseClosesItsRecordOnceAndADrillAnnotatesAnEndedOne() {
		HistoryLog log = HistoryLog.empty("g")
			.granted(LeadershipRecord.granted("g", "a#00000001", 4, T0), T0, LeadershipEnd.EXPIRED);
		assertThat(log.annotated(4, LeadershipEnd.DRILL, "open")).isNull();
		HistoryLog released = log.released(4, T0.plusSeconds(5), LeadershipEnd.YIELDED);
		assertThat(released.record(4).duration()).hasValue(Duration.ofSeconds(5));
		assertThat(released.released(4, T0.plusSeconds(9), LeadershipEnd.SHUTDOWN).record(4))
			.isEqualTo(released.record(4));
		HistoryLog drilled = released.annotated(4, LeadershipEnd.DRILL, "x".repeat(300));
		assertThat(drilled.record(4).endReason()).isEqualTo(LeadershipEnd.DRILL);
		assertThat(drilled.record(4).detail()).hasSize(255);
	}

	@Test
	void pruningDropsRecordsEndedBeforeTheRetentionAndKeepsTheLatestEntries() {
		HistoryLog log = HistoryLog.empty("g");
		for (int token = 1; token <= 6; token++) {
			Instant start = T0.plus(Duration.ofDays(token));
			log = log.granted(LeadershipRecord.granted("g", "a#00000001", token, start), start, LeadershipEnd.EXPIRED)
				.released(token, start.plusSeconds(1), LeadershipEnd.YIELDED);
		}
		log = log.granted(LeadershipRecord.granted("g", "a#00000001", 7, T0.plus(Duration.ofDays(7))),
				T0.plus(Duration.ofDays(7)), LeadershipEnd.EXPIRED);
		HistoryRetention retention = new HistoryRetention(Duration.ofDays(3), 3, Duration.ofMinutes(5));
		assertThat(log.pruned(T0.plus(Duration.ofDays(7)), retention).records()).extracting(LeadershipRecord::token)
			.containsExactly(5L, 6L, 7L);
		HistoryRetention young = new HistoryRetention(Duration.ofHours(12), 100, Duration.ofMinutes(5));
		assertThat(log.pruned(T0.plus(Duration.ofDays(7)), young).records()).extracting(LeadershipRecord::token)
			.as("the open record is never pruned by age")
			.containsExactly(7L);
		assertThat(log.since(T0.plus(Duration.ofDays(6)))).extracting(LeadershipRecord::token).containsExactly(6L, 7L);
	}

	@Test
	void theEncodingRoundTripsEveryField() {
		HistoryLog log = HistoryLog.empty("g")
			.granted(LeadershipRecord.granted("g", "a#00000001", 1, T0), T0, LeadershipEnd.EXPIRED)
			.released(1, T0.plusMillis(1500), LeadershipEnd.DRILL)
			.annotated(1, LeadershipEnd.DRILL, "to \"b\" \\ in 48 ms\n\u0001")
			.granted(LeadershipRecord.granted("g", "b#00000002", 2, T0.plusSeconds(2)), T0, LeadershipEnd.EXPIRED);
		HistoryLog decoded = HistoryLog.decode("g", log.encode());
		assertThat(decoded.records()).isEqualTo(log.records());
		assertThat(HistoryLog.decode("g", new byte[0]).records()).isEmpty();
		assertThat(HistoryLog.decode("g", " [ ] ".getBytes(StandardCharsets.UTF_8)).records()).isEmpty();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistoryLog.decode("g", "[{\"token\":1}]".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("needs a token, an instance and a start");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistoryLog.decode("g", "not json".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("Not a leadership history");
	}

}
