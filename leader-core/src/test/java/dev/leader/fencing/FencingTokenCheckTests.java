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

package dev.leader.fencing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver's rule: admit, refuse stale, malformed, missing and foreign tokens.
 */
class FencingTokenCheckTests {

	private final InMemoryFencingTokenRegistry registry = new InMemoryFencingTokenRegistry();

	private final FencingTokenCheck check = new FencingTokenCheck(this.registry);

	@Test
	void admitsTheNewestAndEqualTokensAndRefusesAnOlderOneWith409() {
		assertThat(this.check.check("billing:7").outcome()).isEqualTo(FencingVerdict.Outcome.ADMITTED);
		assertThat(this.check.check("billing:8").refused()).isFalse();
		assertThat(this.check.check("billing:8").refused()).isFalse();
		FencingVerdict stale = this.check.check("billing:7");
		assertThat(stale.outcome()).isEqualTo(FencingVerdict.Outcome.STALE);
		assertThat(stale.status()).isEqualTo(409);
		assertThat(stale.group()).isEqualTo("billing");
		assertThat(stale.token()).isEqualTo(7L);
		assertThat(stale.currentToken()).isEqualTo(8L);
		assertThat(stale.detail()).contains("7", "'billing'", "8");
		assertThat(this.registry.highest("billing")).hasValue(8);
	}

	@Test
	void groupsAreIndependentAndMayContainColons() {
		this.check.check("tenant:a:billing:9");
		assertThat(this.check.check("tenant:a:billing:3").outcome()).isEqualTo(FencingVerdict.Outcome.STALE);
		assertThat(this.check.check("billing:3").outcome()).isEqualTo(FencingVerdict.Outcome.ADMITTED);
	}

	@Test
	void malformedHeadersAreRefusedWith400AndMoveNoMark() {
		for (String header : new String[] { "billing", "billing:", ":5", "billing:x", "billing:0", "bad group:5" }) {
			FencingVerdict verdict = this.check.check(header);
			assertThat(verdict.outcome()).as(header).isEqualTo(FencingVerdict.Outcome.MALFORMED);
			assertThat(verdict.status()).isEqualTo(400);
			assertThat(verdict.detail()).contains(FencingTokenHeader.NAME);
		}
		assertThat(this.registry.highest("billing")).isEmpty();
	}

	@Test
	void aMissingHeaderPassesUnlessRequired() {
		assertThat(this.check.check(null).outcome()).isEqualTo(FencingVerdict.Outcome.NOT_PRESENTED);
		assertThat(this.check.check(null).refused()).isFalse();
		FencingVerdict required = new FencingTokenCheck(this.registry, true).check(null);
		assertThat(required.outcome()).isEqualTo(FencingVerdict.Outcome.MISSING);
		assertThat(required.status()).isEqualTo(428);
	}

	@Test
	void anEndpointOfOneGroupRequiresATokenOfThatGroup() {
		assertThat(this.check.check(null, "billing").status()).isEqualTo(428);
		FencingVerdict foreign = this.check.check("reports:99", "billing");
		assertThat(foreign.outcome()).isEqualTo(FencingVerdict.Outcome.WRONG_GROUP);
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.detail()).contains("'billing'", "'reports'");
		assertThat(this.registry.highest("reports")).as("a foreign token moves no mark").isEmpty();
		assertThat(this.check.check("billing:2", "billing").refused()).isFalse();
		assertThat(this.check.check("billing:1", "billing").status()).isEqualTo(409);
		assertThat(this.check.check("billing:x", "billing").status()).isEqualTo(400);
	}

}
