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
