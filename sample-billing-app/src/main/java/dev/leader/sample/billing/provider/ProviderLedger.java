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

package dev.leader.sample.billing.provider;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.leader.fencing.FencingTokenCheck;
import dev.leader.fencing.FencingVerdict;
import dev.leader.fencing.InMemoryFencingTokenRegistry;

/**
 * The simulator's books, in memory. A request is first checked against the newest fencing
 * token seen for its group (older: rejected) with the library's
 * {@link FencingTokenCheck}, then against its idempotency key (seen: the earlier charge
 * is returned), and only then charged. Charges of the same (subscription, period) under
 * different keys are kept and reported as duplicates: a provider cannot tell them from
 * two purchases, which is why the client must derive its keys from what it charges for.
 *
 * @author leader-spring-boot-starter
 */
public final class ProviderLedger {

	private final Clock clock;

	private final Map<String, LedgerCharge> byKey = new HashMap<>();

	private final List<LedgerCharge> charges = new ArrayList<>();

	private final Map<String, List<String>> chargeIdsByPeriod = new LinkedHashMap<>();

	private final Map<String, Long> latestTokens = new TreeMap<>();

	private final List<Rejection> rejections = new ArrayList<>();

	private long replays;

	/**
	 * The library's receiving-side check, over the highest token seen per group. Every
	 * request must carry a token: a provider for leader-only work has no other callers.
	 */
	private final FencingTokenCheck fencing = new FencingTokenCheck(new InMemoryFencingTokenRegistry(), true);

	public ProviderLedger(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Charge, unless the fencing check refuses the request's token or the key was charged
	 * before. The check and the charge happen under one lock, so a token is never
	 * admitted for a request that a newer token then overtakes before it is booked.
	 * @param fencingToken the {@code Fencing-Token} header ({@code <group>:<value>}), or
	 * {@code null}
	 * @param idempotencyKey the idempotency key
	 * @param command what to charge (complete)
	 * @return the outcome
	 */
	public synchronized ChargeOutcome charge(String fencingToken, String idempotencyKey, ChargeCommand command) {
		FencingVerdict verdict = this.fencing.check(fencingToken);
		if (verdict.outcome() == FencingVerdict.Outcome.STALE) {
			this.rejections.add(new Rejection(Objects.requireNonNull(verdict.group()),
					Objects.requireNonNull(verdict.token()), Objects.requireNonNull(verdict.currentToken()),
					idempotencyKey, command.subscriptionId(), command.period(), this.clock.instant()));
			return new ChargeOutcome(ChargeOutcome.Result.STALE_TOKEN, null, verdict);
		}
		if (verdict.refused()) {
			return new ChargeOutcome(ChargeOutcome.Result.REFUSED, null, verdict);
		}
		// Admitted: the verdict names the group, the token and the newest token seen.
		String group = Objects.requireNonNull(verdict.group());
		long token = Objects.requireNonNull(verdict.token());
		this.latestTokens.put(group, Objects.requireNonNull(verdict.currentToken()));
		LedgerCharge earlier = this.byKey.get(idempotencyKey);
		if (earlier != null) {
			if (!earlier.matches(command)) {
				return new ChargeOutcome(ChargeOutcome.Result.KEY_REUSED, earlier, verdict);
			}
			this.replays++;
			return new ChargeOutcome(ChargeOutcome.Result.REPLAYED, earlier, verdict);
		}
		LedgerCharge charge = new LedgerCharge(String.format("ch_%08d", this.charges.size() + 1), idempotencyKey, group,
				token, command.customerId(), command.subscriptionId(), command.period(), command.amountCents(),
				command.currency(), this.clock.instant());
		this.byKey.put(idempotencyKey, charge);
		this.charges.add(charge);
		this.chargeIdsByPeriod
			.computeIfAbsent(command.subscriptionId() + "/" + command.period(), (key) -> new ArrayList<>())
			.add(charge.chargeId());
		return new ChargeOutcome(ChargeOutcome.Result.CREATED, charge, verdict);
	}

	/**
	 * The ledger in figures.
	 * @param held the number of requests held right now
	 * @return the report
	 */
	public synchronized LedgerReport report(int held) {
		List<LedgerReport.Duplicate> duplicates = new ArrayList<>();
		this.chargeIdsByPeriod.forEach((period, chargeIds) -> {
			if (chargeIds.size() > 1) {
				String[] parts = period.split("/");
				duplicates.add(new LedgerReport.Duplicate(Long.parseLong(parts[0]), Integer.parseInt(parts[1]),
						List.copyOf(chargeIds)));
			}
		});
		Map<String, Long> rejected = new TreeMap<>();
		this.rejections.forEach((rejection) -> rejected.merge(rejection.group(), 1L, Long::sum));
		return new LedgerReport(this.charges.size(), this.chargeIdsByPeriod.size(), this.replays, duplicates, rejected,
				new TreeMap<>(this.latestTokens), held);
	}

	/**
	 * Every charge, in the order made.
	 * @return the charges
	 */
	public synchronized List<LedgerCharge> charges() {
		return List.copyOf(this.charges);
	}

	/**
	 * Every rejected request, in order.
	 * @return the rejections
	 */
	public synchronized List<Rejection> rejections() {
		return List.copyOf(this.rejections);
	}

}
