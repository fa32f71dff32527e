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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.http.FencingTokenClientInterceptor;
import dev.leader.sample.billing.BillingProperties;
import dev.leader.sample.billing.demo.ProviderClient;
import dev.leader.sample.billing.gateway.ChargeRequest;
import dev.leader.sample.billing.gateway.HttpPaymentGateway;
import dev.leader.sample.billing.gateway.PaymentGatewayException;
import dev.leader.sample.billing.gateway.ProviderCharge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The payment provider simulator over HTTP, through the application's gateway: new
 * charges, replays of a repeated key, stale tokens, duplicates, holds.
 */
class PaymentProviderSimulatorTests {

	private static final ChargeRequest CHARGE = new ChargeRequest(7, 42, 3, 990, "EUR");

	private PaymentProviderSimulator simulator;

	private HttpPaymentGateway gateway;

	private ProviderClient provider;

	@BeforeEach
	void start() {
		this.simulator = PaymentProviderSimulator.start(0);
		BillingProperties properties = new BillingProperties();
		properties.getGateway().setUrl(this.simulator.url());
		this.gateway = new HttpPaymentGateway(properties, JsonMapper.builder().build(),
				new FencingTokenClientInterceptor());
		this.provider = new ProviderClient(this.simulator.url());
	}

	@AfterEach
	void stop() {
		this.simulator.close();
	}

	@Test
	void chargesOncePerIdempotencyKey() throws Exception {
		ProviderCharge first = charge(CHARGE, "subscription-42-period-3", token(1, "node-a"));
		ProviderCharge again = charge(CHARGE, "subscription-42-period-3", token(2, "node-b"));
		assertThat(first.replayed()).isFalse();
		assertThat(again.replayed()).isTrue();
		assertThat(again.chargeId()).isEqualTo(first.chargeId());
		LedgerReport report = this.provider.report();
		assertThat(report.charges()).isEqualTo(1);
		assertThat(report.replays()).isEqualTo(1);
		assertThat(report.latestTokens()).containsEntry("billing", 2L);
		assertThat(this.provider.charges()).singleElement()
			.satisfies((charge) -> assertThat(charge.fencingToken()).isEqualTo(1));
	}

	@Test
	void rejectsATokenOlderThanOneItHasSeen() throws Exception {
		charge(CHARGE, "subscription-42-period-3", token(5, "node-a"));
		ChargeRequest next = new ChargeRequest(7, 42, 4, 990, "EUR");
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> charge(next, "subscription-42-period-4", token(4, "node-b")))
			.withMessageContaining("409");
		assertThat(charge(next, "subscription-42-period-4", token(5, "node-a")).replayed()).isFalse();
		assertThat(this.provider.report().staleTokenRejections()).containsEntry("billing", 1L);
		assertThat(this.provider.rejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.fencingToken()).isEqualTo(4);
			assertThat(rejection.latestToken()).isEqualTo(5);
			assertThat(rejection.period()).isEqualTo(4);
		});
	}

	/**
	 * etcd's tokens are revisions: strictly increasing but with gaps (every write of the
	 * cluster takes one), and large after a long life. Only their order counts, over the
	 * whole range of a long (beyond a double's exact integers too, as JSON readers may
	 * use).
	 */
	@Test
	void ordersLargeTokensWithGapsAsEtcdRevisions() throws Exception {
		long revision = (1L << 53) + 1;
		charge(CHARGE, "subscription-42-period-3", token(revision, "node-a"));
		ChargeRequest next = new ChargeRequest(7, 42, 4, 990, "EUR");
		charge(next, "subscription-42-period-4", token(revision + 2, "node-b"));
		ChargeRequest after = new ChargeRequest(7, 42, 5, 990, "EUR");
		assertThatExceptionOfType(FencingException.class)
			.isThrownBy(() -> charge(after, "subscription-42-period-5", token(revision + 1, "node-a")))
			.withMessageContaining("409");
		charge(after, "subscription-42-period-5", token(Long.MAX_VALUE, "node-c"));
		assertThat(this.provider.report().latestTokens()).containsEntry("billing", Long.MAX_VALUE);
		assertThat(this.provider.rejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.fencingToken()).isEqualTo(revision + 1);
			assertThat(rejection.latestToken()).isEqualTo(revision + 2);
		});
		assertThat(this.provider.charges()).extracting(LedgerCharge::fencingToken)
			.containsExactly(revision, revision + 2, Long.MAX_VALUE);
	}

	@Test
	void refusesARequestWithoutAToken() {
		assertThatExceptionOfType(PaymentGatewayException.class)
			.isThrownBy(() -> this.gateway.charge(CHARGE, "subscription-42-period-3", token(1, "node-a")))
			.withMessageContaining("428")
			.withMessageContaining("Fencing token required");
		assertThat(this.provider.report().charges()).isZero();
	}

	@Test
	void answersAStaleTokenWithAProblemNamingTheTokens() throws Exception {
		charge(CHARGE, "subscription-42-period-3", token(5, "node-a"));
		HttpResponse<String> stale = postForBody(
				"{\"customerId\":7,\"subscriptionId\":42,\"period\":4,\"amountCents\":990,\"currency\":\"EUR\"}",
				"subscription-42-period-4", "billing:4");
		assertThat(stale.statusCode()).isEqualTo(409);
		assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(stale.body()).contains("\"group\":\"billing\"", "\"token\":4", "\"currentToken\":5",
				"\"title\":\"Stale fencing token\"");
	}

	@Test
	void reportsThePeriodsChargedUnderTwoKeys() throws Exception {
		charge(CHARGE, "key-one", token(1, "node-a"));
		charge(CHARGE, "key-two", token(1, "node-a"));
		LedgerReport report = this.provider.report();
		assertThat(report.charges()).isEqualTo(2);
		assertThat(report.subscriptionPeriods()).isEqualTo(1);
		assertThat(report.duplicates()).singleElement().satisfies((duplicate) -> {
			assertThat(duplicate.subscriptionId()).isEqualTo(42);
			assertThat(duplicate.period()).isEqualTo(3);
			assertThat(duplicate.chargeIds()).hasSize(2);
		});
	}

	@Test
	void refusesMalformedRequestsAndKeysReusedForAnotherCharge() throws Exception {
		charge(CHARGE, "subscription-42-period-3", token(1, "node-a"));
		assertThat(post("{\"customerId\":7,\"subscriptionId\":42,\"period\":3,\"amountCents\":1,\"currency\":\"EUR\"}",
				"subscription-42-period-3", "billing:1"))
			.isEqualTo(422);
		assertThat(post("{\"customerId\":7}", "another-key", "billing:1")).isEqualTo(400);
		assertThat(post("{\"customerId\":7,\"subscriptionId\":42,\"period\":3,\"amountCents\":1,\"currency\":\"EUR\"}",
				"another-key", "no-token"))
			.isEqualTo(400);
		assertThat(this.provider.report().charges()).isEqualTo(1);
	}

	@Test
	void holdsAChargeInFlightUntilReleased() {
		this.provider.holdNext();
		CompletableFuture<ProviderCharge> charge = CompletableFuture
			.supplyAsync(() -> charge(CHARGE, "subscription-42-period-3", token(3, "node-a")));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.provider.held().isEmpty());
		assertThat(this.provider.held()).singleElement().satisfies((held) -> {
			assertThat(held.fencingToken()).isEqualTo(3);
			assertThat(held.idempotencyKey()).isEqualTo("subscription-42-period-3");
		});
		assertThat(charge).isNotDone();
		assertThat(this.provider.report().charges()).isZero();
		assertThat(this.provider.release()).isEqualTo(1);
		assertThat(charge).succeedsWithin(Duration.ofSeconds(10))
			.satisfies((made) -> assertThat(made.replayed()).isFalse());
		assertThat(this.provider.held()).isEmpty();
	}

	/**
	 * Charge as a leader-only call would: with the token bound to this thread, where the
	 * gateway's interceptor finds it.
	 */
	@SuppressWarnings("try") // the scope is only closed, never named in the body
	private ProviderCharge charge(ChargeRequest request, String key, FencingToken token) {
		try (LeaderContext.Scope scope = LeaderContext.bind(token)) {
			return this.gateway.charge(request, key, token);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int post(String body, String key, String fencingToken) throws Exception {
		return postForBody(body, key, fencingToken).statusCode();
	}

	private HttpResponse<String> postForBody(String body, String key, String fencingToken) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.simulator.url() + "/charges"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.header("Fencing-Token", fencingToken)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static FencingToken token(long value, String holder) {
		return new FencingToken("billing", value, holder);
	}

}
