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

package dev.leader.boot.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.leader.amqp.RefusedMessageAction;
import dev.leader.messaging.MissingFencingToken;
import dev.leader.messaging.OutsideLeaderCall;

/**
 * Fencing tokens on messages ({@code leader.fencing.messages.*}): what senders stamp and
 * what consumers drop.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.fencing.messages")
public class LeaderMessagingFencingProperties {

	private final Send send = new Send();

	private final Receive receive = new Receive();

	public Send getSend() {
		return this.send;
	}

	public Receive getReceive() {
		return this.receive;
	}

	/**
	 * The sending side.
	 */
	public static class Send {

		/**
		 * Whether the auto-configured RabbitTemplate puts the token of the current
		 * leader-only call into the Fencing-Token header of every message it sends.
		 */
		private boolean rabbitTemplate = true;

		/**
		 * What senders do with a message sent outside a leader-only call: 'omit' sends it
		 * without the header, 'refuse' throws an IllegalStateException instead of
		 * sending.
		 */
		private OutsideLeaderCall outsideLeaderCall = OutsideLeaderCall.OMIT;

		public boolean isRabbitTemplate() {
			return this.rabbitTemplate;
		}

		public void setRabbitTemplate(boolean rabbitTemplate) {
			this.rabbitTemplate = rabbitTemplate;
		}

		public OutsideLeaderCall getOutsideLeaderCall() {
			return this.outsideLeaderCall;
		}

		public void setOutsideLeaderCall(OutsideLeaderCall outsideLeaderCall) {
			this.outsideLeaderCall = outsideLeaderCall;
		}

	}

	/**
	 * The receiving side.
	 */
	public static class Receive {

		/**
		 * Whether every RabbitMQ listener container factory of the application (the one
		 * behind @RabbitListener included) checks the Fencing-Token header of each
		 * message before its listener runs, and drops a message whose token is older than
		 * the newest seen for its group.
		 */
		private boolean rabbitListeners = false;

		/**
		 * What consumers do with a message without a Fencing-Token header: 'accept'
		 * delivers it, 'drop' refuses it like a stale one.
		 */
		private MissingFencingToken missingToken = MissingFencingToken.ACCEPT;

		/**
		 * What a RabbitMQ listener container does with a refused message (stale, an
		 * unreadable token, or no token when those are dropped); it is never requeued.
		 * 'acknowledge' acknowledges it without calling the listener, 'reject' rejects it
		 * without requeue, so the broker dead-letters it if the queue has a dead-letter
		 * exchange.
		 */
		private RefusedMessageAction refusedAction = RefusedMessageAction.ACKNOWLEDGE;

		public boolean isRabbitListeners() {
			return this.rabbitListeners;
		}

		public void setRabbitListeners(boolean rabbitListeners) {
			this.rabbitListeners = rabbitListeners;
		}

		public MissingFencingToken getMissingToken() {
			return this.missingToken;
		}

		public void setMissingToken(MissingFencingToken missingToken) {
			this.missingToken = missingToken;
		}

		public RefusedMessageAction getRefusedAction() {
			return this.refusedAction;
		}

		public void setRefusedAction(RefusedMessageAction refusedAction) {
			this.refusedAction = refusedAction;
		}

	}

}
