package dev.leader;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the lease store cannot be reached or answers with an error, so that a lease
 * could be neither confirmed nor refuted.
 *
 * @author leader-spring-boot-starter
 */
public class LeaderStoreException extends RuntimeException {

	public LeaderStoreException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
