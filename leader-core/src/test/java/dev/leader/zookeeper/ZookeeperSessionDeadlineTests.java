package dev.leader.zookeeper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ZooKeeper store's local deadline: ⅔ of the session timeout after the send time of
 * the last answered request of the session, on a monotonic clock.
 */
class ZookeeperSessionDeadlineTests {

	private static final long SESSION = 0x1234L;

	private final AtomicLong nanos = new AtomicLong(-TimeUnit.HOURS.toNanos(1));

	private final SessionDeadline deadline = new SessionDeadline(this.nanos::get);

	@Test
	void liveUntilTwoThirdsOfTheSessionTimeoutAfterTheSendTimeOfTheLastAnsweredRequest() {
		assertThat(this.deadline.isLive(SESSION)).as("before any answer").isFalse();
		long sent = this.nanos.get();
		advanceMillis(500);
		this.deadline.answered(SESSION, sent, 3000);
		assertThat(this.deadline.remainingNanos(SESSION)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
		assertThat(this.deadline.millisSinceLastAnsweredSend(SESSION)).isEqualTo(500);
		advanceMillis(1499);
		assertThat(this.deadline.isLive(SESSION)).isTrue();
		advanceMillis(1);
		assertThat(this.deadline.isLive(SESSION)).as("at the deadline").isFalse();
	}

	@Test
	void anAnswerToAnOlderRequestNeverMovesTheDeadlineBack() {
		long older = this.nanos.get();
		advanceMillis(1000);
		long newer = this.nanos.get();
		this.deadline.answered(SESSION, newer, 3000);
		this.deadline.answered(SESSION, older, 3000);
		assertThat(this.deadline.remainingNanos(SESSION)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(2000));
	}

	@Test
	void answersInAnotherSessionDoNotExtendAGrantOfTheFirst() {
		this.deadline.answered(SESSION, this.nanos.get(), 3000);
		this.deadline.answered(SESSION + 1, this.nanos.get(), 3000);
		assertThat(this.deadline.isLive(SESSION)).isFalse();
		assertThat(this.deadline.isLive(SESSION + 1)).isTrue();
		this.deadline.answered(0, this.nanos.get(), 3000);
		assertThat(this.deadline.isLive(SESSION + 1)).as("no session yet: ignored").isTrue();
	}

	@Test
	void anEndedSessionIsOverAtOnce() {
		this.deadline.answered(SESSION, this.nanos.get(), 3000);
		this.deadline.ended(SESSION + 1);
		assertThat(this.deadline.isLive(SESSION)).as("another session ended").isTrue();
		this.deadline.ended(SESSION);
		assertThat(this.deadline.isLive(SESSION)).isFalse();
		assertThat(this.deadline.hasEnded(SESSION)).isTrue();
		this.deadline.answered(SESSION, this.nanos.get(), 3000);
		assertThat(this.deadline.isLive(SESSION)).as("an ended session stays ended").isFalse();
	}

	private void advanceMillis(long millis) {
		this.nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
