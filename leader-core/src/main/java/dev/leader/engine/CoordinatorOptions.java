package dev.leader.engine;

import java.time.Clock;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.leader.LeaseObserver;
import dev.leader.LeadershipListener;
import dev.leader.RevocationReason;

/**
 * The options every coordinator takes, as a {@link CoordinatorBuilder} collected them.
 *
 * @param nodeId this node's id
 * @param groups the groups to campaign for from the start
 * @param listener receives leadership changes
 * @param clock clock for event timestamps
 * @param beforeRelease called before a yielded or stopped group's lease is released
 * @param leadershipLost called at once when a group's lease is lost
 * @param observer told about renewals and fencing checks
 * @author leader-spring-boot-starter
 */
public record CoordinatorOptions(String nodeId, Set<String> groups, LeadershipListener listener, Clock clock,
		Consumer<String> beforeRelease, BiConsumer<String, RevocationReason> leadershipLost, LeaseObserver observer) {

}
