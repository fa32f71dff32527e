package dev.leader.docs.http;

import dev.leader.LeaderCoordinator;
import dev.leader.fencing.FencingTokenRegistry;
import dev.leader.fencing.LeaseFencingTokenRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class LeaseCheckedReceiver {

	// Same as leader.fencing.server.registry=lease: one read of the lease per request
	@Bean
	FencingTokenRegistry fencingTokenRegistry(LeaderCoordinator coordinator) {
		return new LeaseFencingTokenRegistry(coordinator);
	}

}
