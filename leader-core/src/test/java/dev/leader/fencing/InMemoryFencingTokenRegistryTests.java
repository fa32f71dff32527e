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
