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

import dev.leader.FencingToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FencingTokenHeaderTests {

	@Test
	void formatsGroupAndValue() {
		assertThat(FencingTokenHeader.format(new FencingToken("billing", 42, "node-a"))).isEqualTo("billing:42");
	}

	@Test
	void splitsAtTheLastColonBecauseGroupsMayContainColons() {
		assertThat(FencingTokenHeader.parse("eu:billing:7"))
			.isEqualTo(new FencingTokenHeader.Presented("eu:billing", 7));
	}

	@Test
	void roundTrips() {
		FencingToken token = new FencingToken("a:b.c-d_e", Long.MAX_VALUE, "node-a");
		assertThat(FencingTokenHeader.parse(FencingTokenHeader.format(token)))
			.isEqualTo(new FencingTokenHeader.Presented(token.group(), token.value()));
	}

	@Test
	void refusesMalformedValuesWithAMessageThatShowsTheShape() {
		assertThatIllegalArgumentException().isThrownBy(() -> FencingTokenHeader.parse("billing"))
			.withMessageContaining("<group>:<value>");
		assertThatIllegalArgumentException().isThrownBy(() -> FencingTokenHeader.parse("billing:"))
			.withMessageContaining("<group>:<value>");
		assertThatIllegalArgumentException().isThrownBy(() -> FencingTokenHeader.parse(":5"))
			.withMessageContaining("<group>:<value>");
		assertThatIllegalArgumentException().isThrownBy(() -> FencingTokenHeader.parse("billing:x"))
			.withMessageContaining("token number");
		assertThatIllegalArgumentException().isThrownBy(() -> FencingTokenHeader.parse("billing:0"))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> FencingTokenHeader.parse("bill ing:3"));
	}

}
