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

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import dev.leader.sample.billing.charging.FencedAttemptKind;
import dev.leader.sample.billing.subscription.DatabaseClock;

/**
 * Computes the {@link BillingSummary} from the database.
 *
 * @author leader-spring-boot-starter
 */
@Service
public class BillingSummaryService {

	private final JdbcTemplate jdbc;

	private final DatabaseClock clock;

	public BillingSummaryService(JdbcTemplate jdbc, DatabaseClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * The summary with periods counted at an instant, from one consistent snapshot of the
	 * database.
	 * @param asOf the instant, in database time, or {@code null} for now
	 * @return the summary
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	public BillingSummary summary(Instant asOf) {
		Instant at = (asOf != null) ? asOf : this.clock.now();
		long customers = count("SELECT COUNT(*) FROM customer");
		Map<String, Long> subscriptions = new TreeMap<>();
		this.jdbc.query("SELECT plan, COUNT(*) AS n FROM subscription GROUP BY plan",
				(RowCallbackHandler) (row) -> subscriptions.put(row.getString("plan"), row.getLong("n")));
		subscriptions.put("total", subscriptions.values().stream().mapToLong(Long::longValue).sum());
		long[] periods = new long[3];
		this.jdbc.query("SELECT current_period, current_period_ends_at, period_length_ms FROM subscription", (row) -> {
			SubscriptionPeriods subscription = new SubscriptionPeriods(row.getInt("current_period"),
					row.getObject("current_period_ends_at", OffsetDateTime.class).toInstant(),
					Duration.ofMillis(row.getLong("period_length_ms")));
			periods[0] += subscription.dueAt(at);
			periods[1] += subscription.missedAt(at);
			periods[2] += subscription.chargedAheadAt(at);
		});
		long charged = count("SELECT COUNT(*) FROM charge");
		long duplicates = count("SELECT COUNT(*) FROM (SELECT subscription_id, period FROM charge "
				+ "GROUP BY subscription_id, period HAVING COUNT(*) > 1) duplicates");
		Map<String, Map<String, Long>> fencedByNode = fencedAttemptsByNode();
		Map<String, BillingSummary.NodeSummary> nodes = nodes(fencedByNode);
		long replays = nodes.values().stream().mapToLong(BillingSummary.NodeSummary::providerReplays).sum();
		Map<String, Long> fenced = emptyAttempts();
		fencedByNode.values()
			.forEach((counts) -> counts.forEach((kind, count) -> fenced.merge(kind, count, Long::sum)));
		return new BillingSummary(at, customers, subscriptions, periods[0], charged, periods[1], periods[2], duplicates,
				replays, fenced, nodes, leaderships());
	}

	private Map<String, Map<String, Long>> fencedAttemptsByNode() {
		Map<String, Map<String, Long>> byNode = new TreeMap<>();
		this.jdbc.query("SELECT node, kind, COUNT(*) AS n FROM fenced_attempt GROUP BY node, kind", (row) -> {
			Map<String, Long> counts = byNode.computeIfAbsent(row.getString("node"), (node) -> emptyAttempts());
			counts.merge(row.getString("kind"), row.getLong("n"), Long::sum);
			counts.merge("total", row.getLong("n"), Long::sum);
		});
		return byNode;
	}

	private Map<String, BillingSummary.NodeSummary> nodes(Map<String, Map<String, Long>> fencedByNode) {
		Map<String, BillingSummary.NodeSummary> nodes = new TreeMap<>();
		this.jdbc.query("""
				SELECT node, COUNT(*) AS n, SUM(CASE WHEN provider_replayed THEN 1 ELSE 0 END) AS replays,
				       MAX(charged_at) AS last_charge_at
				FROM charge GROUP BY node""",
				(RowCallbackHandler) (row) -> nodes.put(row.getString("node"),
						new BillingSummary.NodeSummary(row.getLong("n"), row.getLong("replays"),
								fencedByNode.getOrDefault(row.getString("node"), emptyAttempts()),
								row.getObject("last_charge_at", OffsetDateTime.class).toInstant())));
		fencedByNode
			.forEach((node, fenced) -> nodes.putIfAbsent(node, new BillingSummary.NodeSummary(0, 0, fenced, null)));
		return nodes;
	}

	private List<BillingSummary.Leadership> leaderships() {
		return this.jdbc.query("""
				SELECT fencing_token, node, COUNT(*) AS n, MIN(charged_at) AS first_charge_at,
				       MAX(charged_at) AS last_charge_at
				FROM charge GROUP BY fencing_token, node ORDER BY fencing_token, node""",
				(row, index) -> new BillingSummary.Leadership(row.getLong("fencing_token"), row.getString("node"),
						row.getLong("n"), row.getObject("first_charge_at", OffsetDateTime.class).toInstant(),
						row.getObject("last_charge_at", OffsetDateTime.class).toInstant()));
	}

	private long count(String sql) {
		Long count = this.jdbc.queryForObject(sql, Long.class);
		return (count != null) ? count : 0;
	}

	private static Map<String, Long> emptyAttempts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		Arrays.stream(FencedAttemptKind.values()).forEach((kind) -> counts.put(kind.name(), 0L));
		counts.put("total", 0L);
		return counts;
	}

}
