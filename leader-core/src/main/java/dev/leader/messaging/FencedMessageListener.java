package dev.leader.messaging;

/**
 * Told about every verdict of a {@link FencedMessageCheck}, for metrics.
 *
 * @author leader-spring-boot-starter
 */
@FunctionalInterface
public interface FencedMessageListener {

	/**
	 * A listener that does nothing.
	 */
	FencedMessageListener NONE = (verdict) -> {
	};

	/**
	 * Called once per checked message, on the consuming thread.
	 * @param verdict the verdict
	 */
	void onVerdict(FencedMessageVerdict verdict);

}
