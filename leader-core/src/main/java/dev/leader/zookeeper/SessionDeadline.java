package dev.leader.zookeeper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * How long a node may go on believing that its ZooKeeper session is live: until ⅔ of the
 * negotiated session timeout after the <em>send</em> time of the last request the
 * ensemble answered in that session, on the monotonic clock.
 * <p>
 * The ensemble heard from the node at the earliest when that request was sent, so the
 * session cannot expire before the send time plus the session timeout; the node stops
 * believing a third of the session timeout earlier, the same margin ZooKeeper's client
 * uses before it reports the connection lost. ZooKeeper exposes no "last heard" time, so
 * the coordinator records the answers to its own requests: the grant's token update and
 * the probes its watchdog sends while it leads.
 *
 * @author leader-spring-boot-starter
 */
final class SessionDeadline {

	private final LongSupplier nanoClock;

	private final AtomicReference<Answer> last = new AtomicReference<>();

	/**
	 * A deadline on {@link System#nanoTime()}.
	 */
	SessionDeadline() {
		this(System::nanoTime);
	}

	SessionDeadline(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	/**
	 * The current time on the clock deadlines are counted on.
	 * @return the time in nanoseconds
	 */
	long now() {
		return this.nanoClock.getAsLong();
	}

	/**
	 * The ensemble answered a request of this session.
	 * @param sessionId the session the request was sent in
	 * @param sentNanos when the request was sent (taken before sending it)
	 * @param sessionTimeoutMillis the session's negotiated timeout
	 */
	void answered(long sessionId, long sentNanos, long sessionTimeoutMillis) {
		if (sessionId == 0 || sessionTimeoutMillis <= 0) {
			return;
		}
		Answer answer = new Answer(sessionId, sentNanos,
				sentNanos + TimeUnit.MILLISECONDS.toNanos(sessionTimeoutMillis) * 2 / 3, false);
		// An answer to an older request of the same session never moves the deadline
		// back.
		this.last.accumulateAndGet(answer,
				(current, next) -> (current == null || current.sessionId() != next.sessionId()
						|| next.sentNanos() - current.sentNanos() > 0) ? next : current);
	}

	/**
	 * ZooKeeper's client reported the session over (expired, or its handle closed): the
	 * deadline of that session passes now, without waiting for the event thread to
	 * deliver the news.
	 * @param sessionId the session
	 */
	void ended(long sessionId) {
		long now = now();
		this.last.updateAndGet(
				(current) -> (current != null && current.sessionId() == sessionId && current.deadlineNanos() - now > 0)
						? new Answer(sessionId, current.sentNanos(), now, true) : current);
	}

	/**
	 * Whether the session may still be believed live now.
	 * @param sessionId the session of a grant
	 * @return {@code true} before the session's deadline
	 */
	boolean isLive(long sessionId) {
		return remainingNanos(sessionId) > 0;
	}

	/**
	 * Time left until the session's deadline.
	 * @param sessionId the session of a grant
	 * @return the nanoseconds left, 0 or less once the deadline passed or when no answer
	 * of that session was recorded
	 */
	long remainingNanos(long sessionId) {
		Answer answer = this.last.get();
		if (answer == null || answer.sessionId() != sessionId) {
			return 0;
		}
		return answer.deadlineNanos() - now();
	}

	/**
	 * How long ago the last answered request of the session was sent.
	 * @param sessionId the session
	 * @return the milliseconds, or -1 when no answer of that session was recorded
	 */
	long millisSinceLastAnsweredSend(long sessionId) {
		Answer answer = this.last.get();
		if (answer == null || answer.sessionId() != sessionId) {
			return -1;
		}
		return TimeUnit.NANOSECONDS.toMillis(now() - answer.sentNanos());
	}

	/**
	 * Whether ZooKeeper's client reported the session over.
	 * @param sessionId the session
	 * @return {@code true} after {@link #ended(long)} for that session
	 */
	boolean hasEnded(long sessionId) {
		Answer answer = this.last.get();
		return answer != null && answer.sessionId() == sessionId && answer.ended();
	}

	private record Answer(long sessionId, long sentNanos, long deadlineNanos, boolean ended) {

	}

}
