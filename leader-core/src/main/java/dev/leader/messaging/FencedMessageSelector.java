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

import org.springframework.integration.core.MessageSelector;
import org.springframework.messaging.Message;

/**
 * The {@link FencedMessageCheck} as a Spring Integration {@link MessageSelector}, for a
 * filter right behind an inbound adapter: {@code .filter(fencedMessageSelector)} in an
 * {@code IntegrationFlow}. A rejected message goes where the filter sends rejections
 * (dropped by default, or its discard channel).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class FencedMessageSelector implements MessageSelector {

	private final FencedMessageCheck check;

	/**
	 * A selector.
	 * @param check the check to apply
	 */
	public FencedMessageSelector(FencedMessageCheck check) {
		this.check = check;
	}

	@Override
	public boolean accept(Message<?> message) {
		return this.check.accept(message);
	}

}
