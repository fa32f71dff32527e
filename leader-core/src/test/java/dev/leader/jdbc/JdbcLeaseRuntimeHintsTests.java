package dev.leader.jdbc;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema scripts stay in a native image: the registrar is declared for AOT processing
 * and covers every dialect's script.
 */
class JdbcLeaseRuntimeHintsTests {

	@Test
	void everySchemaScriptIsARegisteredResource() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		for (JdbcLeaseDialect dialect : JdbcLeaseDialect.values()) {
			String script = dialect.schemaLocation().substring("classpath:".length());
			assertThat(RuntimeHintsPredicates.resource().forResource(script)).as(script).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/leader/jdbc/schema-mariadb.sql")).accepts(hints);
	}

}
