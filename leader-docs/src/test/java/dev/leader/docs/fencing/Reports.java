package dev.leader.docs.fencing;

import dev.leader.LeaderOnly;

import org.springframework.stereotype.Component;

@Component
public class Reports {

	private final ReportRenderer renderer;

	public Reports(ReportRenderer renderer) {
		this.renderer = renderer;
	}

	@LeaderOnly("reports")
	public void renderAll() {
		// The token travels to the @Async method; waiting here keeps the work inside this
		// call, which is what yield, shutdown and a lost lease act on.
		this.renderer.render().join();
	}

}
