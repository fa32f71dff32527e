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
