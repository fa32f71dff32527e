package dev.leader.aop;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import dev.leader.LeaderOnly;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @LeaderOnly} method that carries no other Spring annotation still gets the
 * reflection hints a native image needs to read its annotation and invoke it.
 */
class LeaderOnlyRuntimeHintsTests {

	@Test
	void leaderOnlyMethodsAreRegisteredForReflection() throws NoSuchMethodException {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, PlainJob.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PlainJob.class.getMethod("run")))
			.accepts(hints);
	}

	static class PlainJob {

		@LeaderOnly("plain")
		public void run() {
		}

	}

}
