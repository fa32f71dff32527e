package dev.leader.test.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

import dev.leader.LeadershipEvent;

/**
 * Records the leadership events published in the context, as an application's listener
 * would see them.
 */
public class LeadershipEvents {

	private final List<LeadershipEvent> events = new CopyOnWriteArrayList<>();

	@EventListener
	void on(LeadershipEvent event) {
		this.events.add(event);
	}

	/**
	 * The events seen so far, oldest first.
	 * @return the events
	 */
	public List<LeadershipEvent> events() {
		return List.copyOf(this.events);
	}

}
