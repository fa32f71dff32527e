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

package dev.leader.amqp;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessagePostProcessor;

import dev.leader.fencing.FencingTokenHeader;
import dev.leader.messaging.MessageFencing;
import dev.leader.messaging.OutsideLeaderCall;

/**
 * Stamps the fencing token of the current leader-only call into an AMQP message's
 * {@value FencingTokenHeader#NAME} header. Add it to a {@code RabbitTemplate} with
 * {@code addBeforePublishPostProcessors}, which runs it on the sending thread where the
 * token is bound, or pass it to a single {@code convertAndSend}.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencingTokenMessagePostProcessor implements MessagePostProcessor {

	private final OutsideLeaderCall outside;

	/**
	 * A post-processor that leaves messages sent outside leader-only calls without the
	 * header.
	 */
	public FencingTokenMessagePostProcessor() {
		this(OutsideLeaderCall.OMIT);
	}

	/**
	 * A post-processor.
	 * @param outside what to do with a message sent outside a leader-only call
	 */
	public FencingTokenMessagePostProcessor(OutsideLeaderCall outside) {
		this.outside = outside;
	}

	@Override
	public Message postProcessMessage(Message message) {
		MessageFencing.headerValue(this.outside)
			.ifPresent((value) -> message.getMessageProperties().setHeader(FencingTokenHeader.NAME, value));
		return message;
	}

}
