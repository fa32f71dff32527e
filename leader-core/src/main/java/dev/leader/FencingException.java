package dev.leader;

/**
 * Thrown wherever a stale fencing token is detected: a newer token exists, the lease
 * expired, or it was released.
 *
 * @author leader-spring-boot-starter
 */
public class FencingException extends RuntimeException {

	private final transient FencingToken token;

	public FencingException(FencingToken token, String reason) {
		super("Fencing token " + token + " is stale: " + reason);
		this.token = token;
	}

	/**
	 * The token that was rejected.
	 * @return the stale token
	 */
	public FencingToken getToken() {
		return this.token;
	}

}
