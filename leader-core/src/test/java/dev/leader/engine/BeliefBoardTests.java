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

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the text of a membership record ({@link BeliefBoard.Beliefs#encode()},
 * {@link BeliefBoard.Member}): the node's tags and share travel with its beliefs, any tag
 * fits, and records of earlier and later versions read fine both ways.
 *
 * @author leader-spring-boot-starter
 */
class BeliefBoardTests {

	@Test
	void aRecordCarriesTheWeightTheShareAndTheTagsBeforeTheBeliefs() {
		BeliefBoard.Beliefs beliefs = new BeliefBoard.Beliefs(Map.of("billing", 7L, "audit", 3L), Duration.ofSeconds(1),
				new BeliefBoard.Member(4, Set.of("region-a", "batch"), 2));
		assertThat(beliefs.encode()).isEqualTo(".campaigns=4,.share=2,.tags=batch;region-a,audit=3,billing=7");
		assertThat(beliefs.campaignWeight()).isEqualTo(4);
	}

	@Test
	void aRecordWithoutTagsOrShareKeepsTheEarlierText() {
		BeliefBoard.Beliefs beliefs = new BeliefBoard.Beliefs(Map.of("billing", 7L), Duration.ofSeconds(1), 2);
		assertThat(beliefs.encode()).isEqualTo(".campaigns=2,billing=7");
		assertThat(new BeliefBoard.Beliefs(Map.of(), Duration.ZERO, 0).encode()).isEqualTo(".campaigns=0");
	}

	@Test
	void everyTagReadsBackAsItWasWhateverItsCharacters() {
		Set<String> tags = Set.of("zone=eu,west", "a;b", "100%", "région Île", "x+y", ".tags=z", "k:v/w#1");
		String text = new BeliefBoard.Beliefs(Map.of("billing", 7L), Duration.ofSeconds(1),
				new BeliefBoard.Member(1, tags, 1))
			.encode();
		BeliefBoard.Member member = BeliefBoard.Member.decode(text);
		assertThat(member.tags()).containsExactlyInAnyOrderElementsOf(tags);
		assertThat(member.campaignWeight()).isEqualTo(1);
		assertThat(member.share()).isEqualTo(1);
		// The beliefs and the weight read as before: what a node of an earlier version
		// reads of this record.
		assertThat(BeliefBoard.decode(text)).containsExactly(Map.entry("billing", 7L));
		assertThat(BeliefBoard.campaignWeight(text)).isEqualTo(1);
		assertThat(text.split(",")).as("one entry per belief, the weight, the share and the tags").hasSize(4);
	}

	@Test
	void aRecordOfAnEarlierVersionReadsAsANodeWithoutTagsAndWithoutAKnownShare() {
		BeliefBoard.Member member = BeliefBoard.Member.decode(".campaigns=3,billing=7");
		assertThat(member).isEqualTo(new BeliefBoard.Member(3, Set.of(), -1));
		assertThat(BeliefBoard.Member.decode("billing=7")).as("older still: no weight")
			.isEqualTo(new BeliefBoard.Member(-1, Set.of(), -1));
		assertThat(BeliefBoard.Member.decode("")).isEqualTo(new BeliefBoard.Member(-1, Set.of(), -1));
	}

	@Test
	void entriesOfALaterVersionAreSkipped() {
		String text = ".campaigns=2,.rack=r7,.share=x,.tags=eu;%zz;;batch,billing=7";
		BeliefBoard.Member member = BeliefBoard.Member.decode(text);
		assertThat(member.campaignWeight()).isEqualTo(2);
		assertThat(member.share()).as("not a number").isEqualTo(-1);
		assertThat(member.tags()).as("a malformed tag is skipped").containsExactly("batch", "eu");
		assertThat(BeliefBoard.decode(text)).containsExactly(Map.entry("billing", 7L));
	}

}
