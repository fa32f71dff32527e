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
