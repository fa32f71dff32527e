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

package dev.leader.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.filter.MessageFilter;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.fencing.FencingTokenHeader;
import dev.leader.fencing.InMemoryFencingTokenRegistry;
import dev.leader.messaging.FencedMessageVerdict.Outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The Spring Messaging and Spring Integration forms, without a broker: the sender stamps
 * the token of its leader-only call, the consumer's filter drops what a superseded leader
 * sent after its successor was heard from.
 */
class MessageFencingTests {

	private static final FencingToken OLD = new FencingToken("billing:eu", 7, "node-a#00000001");

	private static final FencingToken NEW = new FencingToken("billing:eu", 8, "node-b#00000002");

	private final List<FencedMessageVerdict> verdicts = new CopyOnWriteArrayList<>();

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Test
	void withTokenStampsTheTokenOfTheCurrentLeaderOnlyCall() {
		Message<String> message = MessageBuilder.withPayload("invoice").build();
		try (LeaderContext.Scope scope = LeaderContext.bind(OLD)) {
			assertThat(MessageFencing.withToken(message).getHeaders().get(FencingTokenHeader.NAME))
				.isEqualTo("billing:eu:7");
		}
		assertThat(MessageFencing.withToken(message)).isSameAs(message);
		assertThat(MessageFencing.withToken(message).getHeaders()).doesNotContainKey(FencingTokenHeader.NAME);
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Test
	void refusingToSendOutsideALeaderOnlyCallSaysWhy() {
		Message<String> message = MessageBuilder.withPayload("invoice").build();
		assertThatIllegalStateException().isThrownBy(() -> MessageFencing.withToken(message, OutsideLeaderCall.REFUSE))
			.withMessageContaining("@LeaderOnly");
		try (LeaderContext.Scope scope = LeaderContext.bind(NEW)) {
			assertThat(MessageFencing.withToken(message, OutsideLeaderCall.REFUSE).getHeaders())
				.containsEntry(FencingTokenHeader.NAME, "billing:eu:8");
		}
	}

	@Test
	void aStaleTokenIsDroppedOnceANewerOneWasSeen() {
		FencedMessageCheck check = check(MissingFencingToken.ACCEPT);
		assertThat(check.check("billing:eu:7").outcome()).isEqualTo(Outcome.ACCEPTED);
		assertThat(check.check("billing:eu:8").outcome()).isEqualTo(Outcome.ACCEPTED);
		FencedMessageVerdict stale = check.check("billing:eu:7");
		assertThat(stale).isEqualTo(new FencedMessageVerdict(Outcome.STALE, "billing:eu", 7, 8, false));
		assertThat(check.check("billing:eu:8".getBytes()).delivered()).isTrue();
		assertThat(check.check("other:1").delivered()).as("groups are independent").isTrue();
		assertThat(this.verdicts).extracting(FencedMessageVerdict::outcome)
			.containsExactly(Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.STALE, Outcome.ACCEPTED, Outcome.ACCEPTED);
	}

	@Test
	void aMessageWithoutATokenPassesOrIsDroppedPerConfiguration() {
		assertThat(check(MissingFencingToken.ACCEPT).check(null))
			.isEqualTo(new FencedMessageVerdict(Outcome.MISSING, null, 0, 0, true));
		assertThat(check(MissingFencingToken.DROP).check(null))
			.isEqualTo(new FencedMessageVerdict(Outcome.MISSING, null, 0, 0, false));
	}

	@Test
	void anUnreadableTokenIsNeverDelivered() {
		FencedMessageCheck check = check(MissingFencingToken.ACCEPT);
		assertThat(check.check("billing-without-value").outcome()).isEqualTo(Outcome.INVALID);
		assertThat(check.check("billing:seven").delivered()).isFalse();
		assertThat(check.check("billing:0").delivered()).isFalse();
	}

	@SuppressWarnings("try") // the scope is only closed, never named in the body
	@Test
	void aChannelInterceptorAndAFilterFenceAnIntegrationFlow() {
		QueueChannel processed = new QueueChannel();
		QueueChannel discarded = new QueueChannel();
		MessageFilter filter = new MessageFilter(new FencedMessageSelector(check(MissingFencingToken.ACCEPT)));
		filter.setOutputChannel(processed);
		filter.setDiscardChannel(discarded);
		DirectChannel consumer = new DirectChannel();
		consumer.subscribe(filter);
		DirectChannel sender = new DirectChannel();
		sender.addInterceptor(new FencingTokenChannelInterceptor());
		sender.subscribe(consumer::send);

		try (LeaderContext.Scope paused = LeaderContext.bind(OLD)) {
			sender.send(MessageBuilder.withPayload("old-1").build());
			try (LeaderContext.Scope successor = LeaderContext.bind(NEW)) {
				sender.send(MessageBuilder.withPayload("new-1").build());
			}
			sender.send(MessageBuilder.withPayload("old-late").build());
		}
		sender.send(MessageBuilder.withPayload("no-leader").build());

		assertThat(payloads(processed)).containsExactly("old-1", "new-1", "no-leader");
		assertThat(payloads(discarded)).containsExactly("old-late");
	}

	private FencedMessageCheck check(MissingFencingToken missing) {
		return new FencedMessageCheck(new InMemoryFencingTokenRegistry(), missing, this.verdicts::add);
	}

	private static List<Object> payloads(QueueChannel channel) {
		return channel.clear().stream().<Object>map(Message::getPayload).toList();
	}

}
