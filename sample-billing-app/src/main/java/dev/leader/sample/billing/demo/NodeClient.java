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
import java.time.Instant;

import dev.leader.sample.billing.summary.BillingSummary;

/**
 * A billing node over HTTP: its health, its view of the {@code billing} lease, and the
 * billing summary.
 *
 * @author leader-spring-boot-starter
 */
public final class NodeClient {

	private final JsonHttp http = new JsonHttp();

	private final String name;

	private final URI base;

	public NodeClient(String name, int port) {
		this.name = name;
		this.base = URI.create("http://127.0.0.1:" + port);
	}

	public String name() {
		return this.name;
	}

	public URI url() {
		return this.base;
	}

	/**
	 * Whether the node answers its health check with UP.
	 * @return {@code true} when up
	 */
	public boolean isUp() {
		return this.http.isOk(this.base.resolve("/actuator/health"));
	}

	/**
	 * The {@code billing} lease as the node reads it from the database.
	 * @return the lease
	 */
	public LeaseView lease() {
		return this.http.get(this.base.resolve("/actuator/leader/billing"), LeaseView.class);
	}

	/**
	 * {@code GET /api/billing/summary}.
	 * @return the summary now
	 */
	public BillingSummary summary() {
		return this.http.get(this.base.resolve("/api/billing/summary"), BillingSummary.class);
	}

	/**
	 * {@code GET /api/billing/summary?asOf=...}.
	 * @param asOf the instant to count periods at
	 * @return the summary at that instant
	 */
	public BillingSummary summary(Instant asOf) {
		return this.http.get(this.base.resolve("/api/billing/summary?asOf=" + asOf), BillingSummary.class);
	}

	@Override
	public String toString() {
		return this.name;
	}

}
