package dev.leader.boot.actuate;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.leader.messaging.FencedMessageListener;
import dev.leader.messaging.FencedMessageVerdict;

/**
 * Counts the fencing check's verdicts on received messages as
 * {@code leader.fencing.messages}, tagged with the group ({@code none} without a readable
 * token) and the outcome ({@code accepted}, {@code stale}, {@code missing},
 * {@code invalid}). Groups are the senders' lease groups, a fixed set.
 *
 * @author leader-spring-boot-starter
 */
public class FencedMessageMetrics implements FencedMessageListener {

	private final MeterRegistry registry;

	public FencedMessageMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onVerdict(FencedMessageVerdict verdict) {
		String group = verdict.group();
		Counter.builder("leader.fencing.messages")
			.description("Received messages by the verdict on their fencing token")
			.baseUnit("messages")
			.tag("group", (group != null) ? group : "none")
			.tag("outcome", verdict.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.registry)
			.increment();
	}

}
