/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

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
