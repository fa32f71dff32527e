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

package dev.leader.sample.billing.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an audit of the database against the payment provider's ledger found.
 *
 * @param cutoff the instant (database time) periods were counted at
 * @param customers the customers
 * @param periodsDue subscription periods started by the cutoff
 * @param periodsCharged charges recorded in the database
 * @param periodsChargedAhead of those, periods not started by the cutoff
 * @param providerCharges charges made by the provider
 * @param providerDuplicates (subscription, period) pairs the provider charged more than
 * once
 * @param databaseDuplicates (subscription, period) pairs recorded more than once
 * @param periodsMissed periods started by the cutoff and not charged
 * @param gaps subscriptions whose recorded periods are not exactly 1 to their current
 * period
 * @param notAtProvider recorded charges the provider has no matching charge for
 * @param notRecorded provider charges of periods the database has no charge for
 * @param providerReplays recorded charges the provider answered with an earlier charge of
 * the same idempotency key
 * @param providerRejections charge requests the provider refused for a stale token
 * @param fencedAttempts refused attempts recorded by the nodes, per kind
 * @param tokenViolations charges recorded under a token older than one recorded before
 * (in database time), or one token recorded by two nodes
 * @param problems what breaks "every due period charged exactly once", empty when nothing
 * @author leader-spring-boot-starter
 */
public record AuditReport(Instant cutoff, long customers, long periodsDue, long periodsCharged,
		long periodsChargedAhead, long providerCharges, long providerDuplicates, long databaseDuplicates,
		long periodsMissed, long gaps, long notAtProvider, long notRecorded, long providerReplays,
		long providerRejections, Map<String, Long> fencedAttempts, long tokenViolations, List<String> problems) {

	/**
	 * Whether every period due by the cutoff was charged exactly once, at the provider
	 * and in the database, and every charge matches on both sides.
	 * @return {@code true} when the audit found no problem
	 */
	public boolean exactlyOnce() {
		return this.problems.isEmpty();
	}

	/**
	 * All refused stale-token attempts: by the provider, and by the nodes' own checks.
	 * @return the number of refusals
	 */
	public long staleTokenRefusals() {
		return this.providerRejections + this.fencedAttempts.getOrDefault("VERIFY", 0L)
				+ this.fencedAttempts.getOrDefault("GUARD", 0L);
	}

	/**
	 * Print the audit as a table.
	 * @param out where to print
	 */
	public void print(PrintStream out) {
		line(out, "customers", this.customers, "");
		line(out, "periods due (started by the cutoff)", this.periodsDue, "cutoff " + this.cutoff);
		line(out, "periods charged, in the database", this.periodsCharged,
				"incl. " + this.periodsChargedAhead + " charged ahead of their start");
		line(out, "charges at the payment provider", this.providerCharges, "");
		line(out, "duplicates at the provider", this.providerDuplicates, "must be 0");
		line(out, "duplicates in the database", this.databaseDuplicates, "must be 0");
		line(out, "periods missed", this.periodsMissed, "must be 0 once settled");
		line(out, "charges not matching across both", this.notAtProvider + this.notRecorded + this.gaps, "must be 0");
		line(out, "retries answered by idempotency", this.providerReplays, "same key, same charge id: charged once");
		line(out, "stale-token attempts rejected", staleTokenRefusals(),
				"provider 409: " + this.providerRejections + ", verify: "
						+ this.fencedAttempts.getOrDefault("VERIFY", 0L) + ", fencing guard: "
						+ this.fencedAttempts.getOrDefault("GUARD", 0L));
		line(out, "writes under a superseded token", this.tokenViolations, "must be 0");
		out.println(exactlyOnce() ? "  RESULT: every due period charged exactly once."
				: "  RESULT: FAILED: " + String.join("; ", this.problems));
	}

	private static void line(PrintStream out, String what, long value, String note) {
		out.printf("  %-44s %8d   %s%n", what, value, note);
	}

}
