package dev.leader.sample.billing.summary;

import java.time.Instant;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/billing/summary[?asOf=<instant>]}, answered by any node from the shared
 * database.
 *
 * @author leader-spring-boot-starter
 */
@RestController
public class BillingSummaryController {

	private final BillingSummaryService summaries;

	public BillingSummaryController(BillingSummaryService summaries) {
		this.summaries = summaries;
	}

	@GetMapping("/api/billing/summary")
	public BillingSummary summary(@RequestParam(required = false) Instant asOf) {
		return this.summaries.summary(asOf);
	}

}
