package dev.leader;

/**
 * Thrown for invalid configuration: a malformed group, node id or table name, or lease
 * durations out of order. The message says what is wrong and what to change.
 *
 * @author leader-spring-boot-starter
 */
public class LeaderConfigurationException extends IllegalArgumentException {

	public LeaderConfigurationException(String message) {
		super(message);
	}

}
