package dev.leader.jdbc;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Keeps the lease table's schema and upgrade scripts in a native image, where
 * {@link JdbcLeaseSchema} reads them from the class path.
 *
 * @author leader-spring-boot-starter
 */
public final class JdbcLeaseRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/leader/jdbc/*.sql");
	}

}
