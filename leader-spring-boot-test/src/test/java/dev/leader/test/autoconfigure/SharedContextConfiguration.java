package dev.leader.test.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Configuration;

/**
 * Counts the contexts created with it, to show that {@link SharedContextFirstTests} and
 * {@link SharedContextSecondTests} share one cached context.
 */
@Configuration(proxyBeanMethods = false)
class SharedContextConfiguration {

	private static final AtomicInteger created = new AtomicInteger();

	SharedContextConfiguration() {
		created.incrementAndGet();
	}

	static int contextsCreated() {
		return created.get();
	}

}
