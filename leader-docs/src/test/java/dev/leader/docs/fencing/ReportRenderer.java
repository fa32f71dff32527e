package dev.leader.docs.fencing;

import java.util.concurrent.CompletableFuture;

import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;

@Component
public class ReportRenderer {

	private final LeaderCoordinator coordinator;

	public ReportRenderer(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@Async // spring.task.execution.propagate-context=true carries the token here
	public CompletableFuture<Void> render() {
		this.coordinator.verify(LeaderContext.require()); // check before side effects
		return CompletableFuture.completedFuture(null);
	}

}
