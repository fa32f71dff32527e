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

import java.util.Optional;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.fencing.FencingTokenHeader;

/**
 * Stamps the fencing token of the current leader-only call into a message's
 * {@value FencingTokenHeader#NAME} header, as {@code <group>:<value>}.
 *
 * <pre class="code">
 * template.send(MessageFencing.withToken(MessageBuilder.withPayload(invoice).build()));
 * </pre>
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see FencingTokenChannelInterceptor
 */
public final class MessageFencing {

	private MessageFencing() {
	}

	/**
	 * The message with the token of the leader-only call running on this thread, or the
	 * message unchanged outside one.
	 * @param <T> the payload type
	 * @param message the message to send
	 * @return the message with the header, or {@code message} itself
	 */
	public static <T> Message<T> withToken(Message<T> message) {
		return withToken(message, OutsideLeaderCall.OMIT);
	}

	/**
	 * The message with the token of the leader-only call running on this thread.
	 * @param <T> the payload type
	 * @param message the message to send
	 * @param outside what to do outside a leader-only call
	 * @return the message with the header, or {@code message} itself outside a
	 * leader-only call with {@link OutsideLeaderCall#OMIT}
	 * @throws IllegalStateException outside a leader-only call with
	 * {@link OutsideLeaderCall#REFUSE}
	 */
	public static <T> Message<T> withToken(Message<T> message, OutsideLeaderCall outside) {
		return headerValue(outside)
			.map((value) -> MessageBuilder.fromMessage(message).setHeader(FencingTokenHeader.NAME, value).build())
			.orElse(message);
	}

	/**
	 * The header value for the leader-only call running on this thread.
	 * @param outside what to do outside a leader-only call
	 * @return {@code <group>:<value>}, or empty outside a leader-only call with
	 * {@link OutsideLeaderCall#OMIT}
	 * @throws IllegalStateException outside a leader-only call with
	 * {@link OutsideLeaderCall#REFUSE}
	 */
	public static Optional<String> headerValue(OutsideLeaderCall outside) {
		Optional<FencingToken> token = LeaderContext.current();
		if (token.isEmpty() && outside == OutsideLeaderCall.REFUSE) {
			throw new IllegalStateException("No fencing token bound to this thread: messages sent here must come "
					+ "from a @LeaderOnly call (sending outside one is refused by configuration)");
		}
		return token.map(FencingTokenHeader::format);
	}

}
