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

class InMemoryFencingTokenRegistryTests {

	private final FencingTokenRegistry registry = new InMemoryFencingTokenRegistry();

	@Test
	void admitsTheFirstAndNewerTokensAndRemembersTheHighest() {
		assertThat(this.registry.highest("billing")).isEmpty();
		assertThat(this.registry.admit("billing", 3).admitted()).isTrue();
		assertThat(this.registry.admit("billing", 3).admitted()).isTrue();
		assertThat(this.registry.admit("billing", 5).admitted()).isTrue();
		assertThat(this.registry.highest("billing")).hasValue(5);
	}

	@Test
	void refusesAnOlderTokenAndNamesTheCurrentOne() {
		this.registry.admit("billing", 8);
		FencingTokenRegistry.Admission late = this.registry.admit("billing", 7);
		assertThat(late.admitted()).isFalse();
		assertThat(late.highest()).isEqualTo(8);
		assertThat(this.registry.highest("billing")).hasValue(8);
	}

	@Test
	void keepsGroupsApart() {
		this.registry.admit("billing", 8);
		assertThat(this.registry.admit("reports", 1).admitted()).isTrue();
	}

}
