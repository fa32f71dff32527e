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

import java.util.ArrayList;
import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.core.Message;

import dev.leader.fencing.FencingTokenHeader;
import dev.leader.messaging.FencedMessageCheck;
import dev.leader.messaging.FencedMessageVerdict;

/**
 * Listener-container advice that applies the {@link FencedMessageCheck} before the
 * listener runs: a refused message (a superseded leader's, see the check) is acknowledged
 * without reaching the listener, or rejected without requeue so that the broker
 * dead-letters it ({@link RefusedMessageAction}). Put it first in the container factory's
 * advice chain ({@code factory.setAdviceChain(advice, ...)}), before retry advice, so a
 * stale message is not retried.
 * <p>
 * For the container's default acknowledge mode {@code AUTO}. With {@code MANUAL}
 * acknowledgement the listener acknowledges, so call the check in the listener instead.
 * In a consumer-side batch, refused messages are removed from the batch and acknowledged
 * with it.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencedMessageListenerAdvice implements MethodInterceptor {

	private final FencedMessageCheck check;

	private final RefusedMessageAction refused;

	/**
	 * An advice that acknowledges refused messages.
	 * @param check the check to apply
	 */
	public FencedMessageListenerAdvice(FencedMessageCheck check) {
		this(check, RefusedMessageAction.ACKNOWLEDGE);
	}

	/**
	 * An advice.
	 * @param check the check to apply
	 * @param refused what to do with a refused message
	 */
	public FencedMessageListenerAdvice(FencedMessageCheck check, RefusedMessageAction refused) {
		this.check = check;
		this.refused = refused;
	}

	/**
	 * Wraps the container's {@code invokeListener(Channel, Object data)}; {@code data} is
	 * a {@link Message} or, for batches, a {@code List<Message>}.
	 */
	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object[] arguments = invocation.getArguments();
		if (arguments.length != 2) {
			return invocation.proceed();
		}
		if (arguments[1] instanceof Message message) {
			FencedMessageVerdict verdict = this.check.check(header(message));
			if (verdict.delivered()) {
				return invocation.proceed();
			}
			if (this.refused == RefusedMessageAction.REJECT) {
				throw new AmqpRejectAndDontRequeueException(
						"Fencing check refused the message (" + verdict.outcome() + ")");
			}
			return null;
		}
		if (arguments[1] instanceof List<?> batch) {
			List<Object> delivered = new ArrayList<>(batch.size());
			for (Object element : batch) {
				if (!(element instanceof Message message) || this.check.check(header(message)).delivered()) {
					delivered.add(element);
				}
			}
			if (delivered.isEmpty()) {
				return null;
			}
			// The invocation passes its arguments array on to the container.
			arguments[1] = delivered;
		}
		return invocation.proceed();
	}

	private static @Nullable Object header(Message message) {
		return message.getMessageProperties().getHeader(FencingTokenHeader.NAME);
	}

}
