/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.leader.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.RevocationReason;

/**
 * Where every store's campaigns report what happens to leadership, so that the rules are
 * the same for all: a loss interrupts running work at once, before anyone hears of it;
 * events reach the listener in order, on one thread per run of the coordinator, never on
 * a store's thread; running work drains before a lease is released; another process
 * configured with this node's id is warned about once.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class LeadershipChanges {

	private static final Log logger = LogFactory.getLog(LeadershipChanges.class);

	private final LeaderCoordinator coordinator;

	private final LeadershipListener listener;

	private final Clock clock;

	private final Consumer<String> beforeRelease;

	private final BiConsumer<String, RevocationReason> leadershipLost;

	private final Set<String> twinsWarned = ConcurrentHashMap.newKeySet();

	private volatile @Nullable ExecutorService events;

	/** Takes a group out of the published beliefs before its release; none by default. */
	private volatile Predicate<String> retraction = (group) -> true;

	LeadershipChanges(LeaderCoordinator coordinator, CoordinatorOptions options) {
		this.coordinator = coordinator;
		this.listener = options.listener();
		this.clock = options.clock();
		this.beforeRelease = options.beforeRelease();
		this.leadershipLost = options.leadershipLost();
	}

	/**
	 * This node was granted a group.
	 * @param token the token of the grant
	 */
	public void granted(FencingToken token) {
		logger.info(describeInstance() + " leads group '" + token.group() + "' with token " + token.value());
		publish(new LeadershipGrantedEvent(this.coordinator, token, this.clock));
	}

	/**
	 * This node stepped down from a group. A loss ({@link RevocationReason#LEASE_LOST},
	 * {@link RevocationReason#STORE_UNREACHABLE}) is told to the leadership-lost hook at
	 * once, on the calling thread, so that running work is interrupted before the event
	 * is delivered.
	 * @param token the token this node led with
	 * @param reason why
	 */
	public void revoked(FencingToken token, RevocationReason reason) {
		if (reason == RevocationReason.LEASE_LOST || reason == RevocationReason.STORE_UNREACHABLE) {
			try {
				this.leadershipLost.accept(token.group(), reason);
			}
			catch (Throwable ex) {
				logger.error("Leadership-lost hook failed for group '" + token.group() + "'", ex);
			}
		}
		logger.info(describeInstance() + " stopped leading group '" + token.group() + "' (token " + token.value()
				+ "): " + reason);
		publish(new LeadershipRevokedEvent(this.coordinator, token, reason, this.clock));
	}

	/**
	 * Let running leader-only work of a group finish or be interrupted, after this node
	 * stepped down on yield or shutdown and before it releases the group.
	 * @param group the group
	 */
	/**
	 * Take the group out of the beliefs this node published (see {@link BeliefBoard})
	 * before its lease is released: call after {@link #beforeRelease(String)}, once the
	 * campaign stepped down.
	 * @param group the group
	 * @return whether the lease may be released; on {@code false} the published belief
	 * may still show the group, and the lease must be left to expire
	 */
	public boolean retractBelief(String group) {
		return this.retraction.test(group);
	}

	void retractBeliefsWith(Predicate<String> retraction) {
		this.retraction = retraction;
	}

	public void beforeRelease(String group) {
		try {
			this.beforeRelease.accept(group);
		}
		catch (RuntimeException ex) {
			logger.error("Before-release hook failed for group '" + group + "'", ex);
		}
	}

	/**
	 * A group was seen held or sought by {@code holder}: warn once per holder when it is
	 * another instance configured with this node's id.
	 * @param group the group
	 * @param holder an instance id (or a plain node id of an earlier version), or
	 * {@code null} when the group is free
	 */
	public void sawHolder(String group, @Nullable String holder) {
		String instanceId = this.coordinator.instanceId();
		String nodeId = this.coordinator.nodeId();
		if (holder == null || holder.equals(instanceId) || !Identifiers.nodeIdOf(holder).equals(nodeId)
				|| !this.twinsWarned.add(holder)) {
			return;
		}
		logger.warn("Node id '" + nodeId + "' is configured for two processes: this one (instance " + instanceId
				+ ") and instance " + holder + ", seen in group '" + group + "' (or this node's previous run, "
				+ "whose lease or session has not ended yet). They never lead at once and their tokens name the "
				+ "instance, but logs and metrics by node id mix them up: give every process its own leader.node-id "
				+ "(or leave it unset: the default is unique)");
	}

	/**
	 * A new run begins: a new event thread, and warnings about twins given anew.
	 * @param threadName the event thread's name
	 */
	void open(String threadName) {
		this.twinsWarned.clear();
		this.events = Executors.newSingleThreadExecutor((runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * The run ended: deliver the queued events, waiting up to {@code wait}.
	 * @param wait how long to wait for queued events
	 */
	void close(Duration wait) {
		ExecutorService current = this.events;
		if (current == null) {
			return;
		}
		current.shutdown();
		try {
			current.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void publish(LeadershipEvent event) {
		ExecutorService current = this.events;
		if (current == null) {
			logger.debug("Coordinator not started; dropping " + event);
			return;
		}
		try {
			current.execute(() -> {
				try {
					this.listener.onLeadershipChange(event);
				}
				catch (Throwable ex) {
					logger.error("Leadership listener failed on " + event, ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Coordinator stopped; dropping " + event);
		}
	}

	private String describeInstance() {
		return "Node " + this.coordinator.nodeId() + " (instance " + this.coordinator.instanceId() + ")";
	}

}
