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

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Stamps the fencing token of the current leader-only call into every message sent to a
 * channel. The token is bound to the sending thread, so add it to the channel the
 * leader-only code sends to (before any executor hands the message to another thread).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see MessageFencing
 */
public final class FencingTokenChannelInterceptor implements ChannelInterceptor {

	private final OutsideLeaderCall outside;

	/**
	 * An interceptor that sends messages outside leader-only calls without the header.
	 */
	public FencingTokenChannelInterceptor() {
		this(OutsideLeaderCall.OMIT);
	}

	/**
	 * An interceptor.
	 * @param outside what to do with a message sent outside a leader-only call
	 */
	public FencingTokenChannelInterceptor(OutsideLeaderCall outside) {
		this.outside = outside;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		return MessageFencing.withToken(message, this.outside);
	}

}
