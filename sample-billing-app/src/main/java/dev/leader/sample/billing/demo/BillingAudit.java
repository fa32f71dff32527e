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

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import dev.leader.sample.billing.provider.LedgerCharge;
import dev.leader.sample.billing.provider.Rejection;
import dev.leader.sample.billing.summary.SubscriptionPeriods;

/**
 * Audits the billing database against the payment provider's ledger, as an auditor would:
 * straight from the tables, not through the application. Run it once the nodes are
 * stopped (or idle), so that no charge is in flight between the two.
 *
 * @author leader-spring-boot-starter
 */
public final class BillingAudit {

	private final JdbcTemplate jdbc;

	public BillingAudit(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Audit.
	 * @param cutoff the instant (database time) up to which every started period must be
	 * charged
	 * @param providerCharges the provider's charges
	 * @param rejections the provider's stale-token rejections
	 * @return the report
	 */
	public AuditReport audit(Instant cutoff, List<LedgerCharge> providerCharges, List<Rejection> rejections) {
		List<String> problems = new ArrayList<>();
		long customers = count("SELECT COUNT(*) FROM customer");
		long[] periods = new long[3];
		this.jdbc.query("SELECT current_period, current_period_ends_at, period_length_ms FROM subscription",
				(RowCallbackHandler) (row) -> {
					SubscriptionPeriods subscription = new SubscriptionPeriods(row.getInt("current_period"),
							row.getObject("current_period_ends_at", OffsetDateTime.class).toInstant(),
							Duration.ofMillis(row.getLong("period_length_ms")));
					periods[0] += subscription.dueAt(cutoff);
					periods[1] += subscription.missedAt(cutoff);
					periods[2] += subscription.chargedAheadAt(cutoff);
				});
		List<RecordedCharge> recorded = recordedCharges();
		Map<String, RecordedCharge> recordedByPeriod = new HashMap<>();
		long databaseDuplicates = recorded.stream()
			.filter((charge) -> recordedByPeriod.putIfAbsent(charge.period(), charge) != null)
			.count();
		Map<String, List<LedgerCharge>> providerByPeriod = new HashMap<>();
		providerCharges.forEach((charge) -> providerByPeriod
			.computeIfAbsent(charge.subscriptionId() + "/" + charge.period(), (key) -> new ArrayList<>())
			.add(charge));
		long providerDuplicates = providerByPeriod.values().stream().filter((charges) -> charges.size() > 1).count();
		long notAtProvider = recorded.stream()
			.filter((charge) -> providerByPeriod.getOrDefault(charge.period(), List.of())
				.stream()
				.noneMatch((provider) -> provider.chargeId().equals(charge.chargeId())))
			.count();
		long notRecorded = providerByPeriod.keySet()
			.stream()
			.filter((key) -> !recordedByPeriod.containsKey(key))
			.count();
		long gaps = count(
				"""
						SELECT COUNT(*) FROM subscription s
						WHERE s.current_period <> (SELECT COUNT(*) FROM charge c WHERE c.subscription_id = s.id)
						   OR s.current_period <> (SELECT COALESCE(MAX(c.period), 0) FROM charge c WHERE c.subscription_id = s.id)""");
		long replays = recorded.stream().filter(RecordedCharge::replayed).count();
		long tokenViolations = tokenViolations(recorded);
		Map<String, Long> fenced = new TreeMap<>();
		this.jdbc.query("SELECT kind, COUNT(*) AS n FROM fenced_attempt GROUP BY kind",
				(RowCallbackHandler) (row) -> fenced.put(row.getString("kind"), row.getLong("n")));
		problem(problems, providerDuplicates, "periods charged twice at the provider");
		problem(problems, databaseDuplicates, "periods recorded twice");
		problem(problems, periods[1], "periods missed");
		problem(problems, gaps, "subscriptions with gaps in their charges");
		problem(problems, notAtProvider, "recorded charges unknown to the provider");
		problem(problems, notRecorded, "provider charges not recorded");
		problem(problems, tokenViolations, "charges recorded under a superseded token");
		return new AuditReport(cutoff, customers, periods[0], recorded.size(), periods[2], providerCharges.size(),
				providerDuplicates, databaseDuplicates, periods[1], gaps, notAtProvider, notRecorded, replays,
				rejections.size(), fenced, tokenViolations, List.copyOf(problems));
	}

	private List<RecordedCharge> recordedCharges() {
		return this.jdbc.query("""
				SELECT subscription_id, period, provider_charge_id, provider_replayed, fencing_token, node, charged_at
				FROM charge""",
				(row, index) -> new RecordedCharge(row.getLong("subscription_id") + "/" + row.getInt("period"),
						row.getString("provider_charge_id"), row.getBoolean("provider_replayed"),
						row.getLong("fencing_token"), row.getString("node"),
						row.getObject("charged_at", OffsetDateTime.class).toInstant()));
	}

	/**
	 * In database time, tokens never go back, and each token belongs to one node: no
	 * write was accepted from a leader after its successor had written.
	 */
	private static long tokenViolations(List<RecordedCharge> recorded) {
		List<RecordedCharge> ordered = new ArrayList<>(recorded);
		ordered.sort(Comparator.comparing(RecordedCharge::chargedAt).thenComparingLong(RecordedCharge::token));
		Map<Long, String> holders = new HashMap<>();
		long violations = 0;
		long latest = 0;
		for (RecordedCharge charge : ordered) {
			String holder = holders.putIfAbsent(charge.token(), charge.node());
			if (charge.token() < latest || (holder != null && !holder.equals(charge.node()))) {
				violations++;
			}
			latest = Math.max(latest, charge.token());
		}
		return violations;
	}

	private long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private static void problem(List<String> problems, long count, String what) {
		if (count != 0) {
			problems.add(count + " " + what);
		}
	}

	private record RecordedCharge(String period, String chargeId, boolean replayed, long token, String node,
			Instant chargedAt) {

	}

}
