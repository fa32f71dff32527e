package dev.leader;

/**
 * Thrown when the lease store cannot be reached or answers with an error, so that a lease
 * could be neither confirmed nor refuted.
 *
 * @author leader-spring-boot-starter
 */
public class LeaderStoreException extends RuntimeException {

	public LeaderStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
