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

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

import dev.leader.fencing.FencingTokenHeader;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.messaging.FencedMessageVerdict.Outcome;

/**
 * The idempotent-consumer check on a message's fencing token: a message whose token is
 * older than the newest one the {@link FencingTokenRegistry} has seen for its group was
 * sent by a superseded leader and is not delivered; it is logged at WARN with the group,
 * its token and the current one. Every verdict goes to the {@link FencedMessageListener}
 * (the starter counts them as {@code leader.fencing.messages}).
 * <p>
 * A consumer can only drop a token it knows to be stale: a late message of a superseded
 * leader that arrives before any message of its successor is delivered. The registry's
 * failures (a shared registry's database down) propagate, so the transport redelivers the
 * message later instead of deciding without the registry.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 * @see FencedMessageSelector
 */
public final class FencedMessageCheck {

	private static final Log logger = LogFactory.getLog(FencedMessageCheck.class);

	private final FencingTokenRegistry registry;

	private final MissingFencingToken missing;

	private final FencedMessageListener listener;

	/**
	 * A check that delivers messages without a token and tells nobody about verdicts.
	 * @param registry the high-water marks of the tokens seen
	 */
	public FencedMessageCheck(FencingTokenRegistry registry) {
		this(registry, MissingFencingToken.ACCEPT, FencedMessageListener.NONE);
	}

	/**
	 * A check.
	 * @param registry the high-water marks of the tokens seen
	 * @param missing what to do with a message without a token
	 * @param listener told about every verdict
	 */
	public FencedMessageCheck(FencingTokenRegistry registry, MissingFencingToken missing,
			FencedMessageListener listener) {
		this.registry = registry;
		this.missing = missing;
		this.listener = listener;
	}

	/**
	 * Whether a Spring Messaging message is to be processed.
	 * @param message the message received
	 * @return {@code true} to process it, {@code false} to drop it
	 */
	public boolean accept(Message<?> message) {
		return check(message.getHeaders().get(FencingTokenHeader.NAME)).delivered();
	}

	/**
	 * Judges a message by its {@value FencingTokenHeader#NAME} header value and records
	 * an admitted token as its group's newest.
	 * @param header the header value ({@code <group>:<value>}; a {@code String}, or
	 * anything whose {@code toString()} or UTF-8 bytes give it), or {@code null} when the
	 * message has none
	 * @return the verdict
	 */
	public FencedMessageVerdict check(@Nullable Object header) {
		FencedMessageVerdict verdict = judge(header);
		this.listener.onVerdict(verdict);
		return verdict;
	}

	private FencedMessageVerdict judge(@Nullable Object header) {
		if (header == null) {
			return new FencedMessageVerdict(Outcome.MISSING, null, 0, 0, this.missing == MissingFencingToken.ACCEPT);
		}
		String text = (header instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : header.toString();
		FencingTokenHeader.Presented presented;
		try {
			presented = FencingTokenHeader.parse(text);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Dropped a message with an unreadable fencing token: " + ex.getMessage());
			return new FencedMessageVerdict(Outcome.INVALID, null, 0, 0, false);
		}
		FencingTokenRegistry.Admission admission = this.registry.admit(presented.group(), presented.value());
		if (admission.admitted()) {
			return new FencedMessageVerdict(Outcome.ACCEPTED, admission.group(), admission.value(), admission.highest(),
					true);
		}
		logger.warn("Dropped a message of group '" + admission.group() + "' sent under fencing token "
				+ admission.value() + ": token " + admission.highest() + " is current, so a superseded leader sent it");
		return new FencedMessageVerdict(Outcome.STALE, admission.group(), admission.value(), admission.highest(),
				false);
	}

}
