package dev.leader.fencing;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.leader.Identifiers;

/**
 * A {@link FencingTokenRegistry} for a receiver that runs as a single instance: the
 * high-water marks live in this JVM and are lost when it stops. Several instances of a
 * receiving service need a shared registry instead.
 *
 * @author leader-spring-boot-starter
 */
public final class InMemoryFencingTokenRegistry implements FencingTokenRegistry {

	private final ConcurrentMap<String, Long> highest = new ConcurrentHashMap<>();

	@Override
	public Admission admit(String group, long value) {
		Identifiers.requireValidGroup(group);
		requirePositive(value);
		long known = this.highest.merge(group, value, Math::max);
		return new Admission(group, value, known);
	}

	@Override
	public OptionalLong highest(String group) {
		Long known = this.highest.get(group);
		return (known != null) ? OptionalLong.of(known) : OptionalLong.empty();
	}

	static void requirePositive(long value) {
		if (value < 1) {
			throw new IllegalArgumentException("Fencing token value must be positive, was " + value);
		}
	}

}
