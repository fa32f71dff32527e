/**
 * The ZooKeeper store: one election per group through Spring Integration's ZooKeeper
 * {@code LeaderInitiator} (a Curator {@code LeaderSelector} underneath) and a persistent
 * fencing-token node per group, advanced with a conditional update at every grant.
 */
@NullMarked
package dev.leader.zookeeper;

import org.jspecify.annotations.NullMarked;
