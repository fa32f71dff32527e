package dev.leader.docs.migration;

import dev.leader.FencingToken;
import dev.leader.LeaderContext;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaderOnly;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipRevokedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * After the migration: the same job with the starter
 * (docs/migrating-from-spring-integration.md).
 */
@Component
public class Billing {

	private static final Logger log = LoggerFactory.getLogger(Billing.class);

	private final LeaderCoordinator coordinator;

	public Billing(LeaderCoordinator coordinator) {
		this.coordinator = coordinator;
	}

	@LeaderOnly("billing") // the role becomes the group
	@Scheduled(fixedDelay = 60_000)
	public void chargeDue() {
		FencingToken token = LeaderContext.require();
		// ... charge what is due; pass the token on (verify, guard, receiver)
	}

	@EventListener
	public void granted(LeadershipGrantedEvent event) {
		log.info("Leading {} with token {}", event.getGroup(), event.getToken().value());
	}

	@EventListener
	public void revoked(LeadershipRevokedEvent event) {
		log.info("Stopped leading {}: {}", event.getGroup(), event.getReason());
	}

	public void handOver() {
		// lets running calls finish, then releases the lease
		this.coordinator.yield("billing");
	}

}
