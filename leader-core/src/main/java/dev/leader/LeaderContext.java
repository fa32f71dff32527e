package dev.leader;

import java.util.Optional;

/**
 * The fencing token of the leader-only invocation running on the current thread.
 *
 * @author leader-spring-boot-starter
 */
public final class LeaderContext {

	private static final ThreadLocal<FencingToken> CURRENT = new ThreadLocal<>();

	private LeaderContext() {
	}

	/**
	 * The token of the leader-only invocation running on this thread.
	 * @return the token, or empty outside a leader-only invocation
	 */
	public static Optional<FencingToken> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * The token of the leader-only invocation running on this thread.
	 * @return the token
	 * @throws IllegalStateException outside a leader-only invocation
	 */
	public static FencingToken require() {
		FencingToken token = CURRENT.get();
		if (token == null) {
			throw new IllegalStateException(
					"No fencing token bound to this thread: call LeaderContext.require() from a @LeaderOnly method");
		}
		return token;
	}

	/**
	 * Bind a token to this thread until the returned scope is closed, restoring the
	 * previous binding then. For integrations that run leader-only work.
	 * @param token the token to bind
	 * @return the scope to close when the invocation ends
	 */
	public static Scope bind(FencingToken token) {
		FencingToken previous = CURRENT.get();
		CURRENT.set(token);
		return () -> {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		};
	}

	/**
	 * A binding of a token to the current thread.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
