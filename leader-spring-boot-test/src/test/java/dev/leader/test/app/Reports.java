package dev.leader.test.app;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.scheduling.annotation.Scheduled;

import dev.leader.LeaderOnly;

/**
 * A scheduled leader-only job: {@code Reports.refresh}.
 */
public class Reports {

	private final AtomicInteger refreshes = new AtomicInteger();

	@LeaderOnly("reports")
	@Scheduled(fixedDelay = 50)
	public void refresh() {
		this.refreshes.incrementAndGet();
	}

	/**
	 * How often {@link #refresh()} ran.
	 * @return the count
	 */
	public int refreshes() {
		return this.refreshes.get();
	}

}
