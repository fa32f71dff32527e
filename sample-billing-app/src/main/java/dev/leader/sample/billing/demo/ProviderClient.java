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

import java.net.URI;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;

import dev.leader.sample.billing.provider.HeldCharge;
import dev.leader.sample.billing.provider.LedgerCharge;
import dev.leader.sample.billing.provider.LedgerReport;
import dev.leader.sample.billing.provider.Rejection;

/**
 * The payment provider simulator over HTTP: its ledger, and holding charge requests in
 * flight.
 *
 * @author leader-spring-boot-starter
 */
public final class ProviderClient {

	private final JsonHttp http = new JsonHttp();

	private final URI base;

	public ProviderClient(URI base) {
		this.base = base;
	}

	public URI url() {
		return this.base;
	}

	/**
	 * Whether the simulator answers.
	 * @return {@code true} when up
	 */
	public boolean isUp() {
		return this.http.isOk(this.base.resolve("/ledger"));
	}

	/**
	 * {@code GET /ledger}.
	 * @return the ledger's figures
	 */
	public LedgerReport report() {
		return this.http.get(this.base.resolve("/ledger"), LedgerReport.class);
	}

	/**
	 * {@code GET /ledger/charges}.
	 * @return every charge the provider made
	 */
	public List<LedgerCharge> charges() {
		return this.http.get(this.base.resolve("/ledger/charges"), new TypeReference<List<LedgerCharge>>() {
		});
	}

	/**
	 * {@code GET /ledger/rejections}.
	 * @return every request refused for a stale token
	 */
	public List<Rejection> rejections() {
		return this.http.get(this.base.resolve("/ledger/rejections"), new TypeReference<List<Rejection>>() {
		});
	}

	/**
	 * Hold the next charge request unanswered until {@link #release()}.
	 */
	public void holdNext() {
		this.http.post(this.base.resolve("/simulator/hold"), Map.class);
	}

	/**
	 * The requests held right now.
	 * @return the held requests
	 */
	public List<HeldCharge> held() {
		return this.http.get(this.base.resolve("/simulator/held"), new TypeReference<List<HeldCharge>>() {
		});
	}

	/**
	 * Let the held requests go on to the ledger.
	 * @return how many were released
	 */
	public int release() {
		Map<?, ?> answer = this.http.post(this.base.resolve("/simulator/release"), Map.class);
		if (!(answer.get("released") instanceof Number released)) {
			throw new IllegalStateException("The provider's release answer has no count: " + answer);
		}
		return released.intValue();
	}

}
