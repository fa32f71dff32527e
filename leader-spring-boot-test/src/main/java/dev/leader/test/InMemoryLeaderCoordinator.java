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

package dev.leader.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;

import dev.leader.FencingException;
import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderCoordinator;
import dev.leader.LeadershipEvent;
import dev.leader.LeadershipGrantedEvent;
import dev.leader.LeadershipListener;
import dev.leader.LeadershipRevokedEvent;
import dev.leader.Lease;
import dev.leader.RevocationReason;

/**
 * A {@link LeaderCoordinator} for tests: leadership is decided by the test, not by a
 * store. While running, it leads the groups its {@link LeadershipMode} names as soon as
 * it campaigns for them, and a test switches a group at any time with
 * {@link #grant(String)}, {@link #revoke(String)}, {@link #yield(String)} and
 * {@link #fence(String)}. Every change is published to the listener on the calling thread
 * before the method returns, so a test never waits for leadership.
 * <p>
 * The "store" is a map in this object: it keeps each group's fencing token across
 * {@link #stop()} and {@link #start()}, so tokens strictly increase for the life of the
 * coordinator, and {@link #verify(FencingToken)} rejects a token that a later grant,
 * revocation or {@link #fence(String) fence} superseded.
 * <p>
 * Restartable: {@link #stop()} releases every lease (revoked with
 * {@link RevocationReason#SHUTDOWN}) and {@link #start()} takes them again with new
 * tokens, as Spring's test-context cache does when it pauses and restarts a context.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public final class InMemoryLeaderCoordinator implements LeaderCoordinator, Lifecycle {

	/** The {@link #store()} description. */
	public static final String STORE = "in-memory";

	/** The node id used when none is configured. */
	public static final String DEFAULT_NODE_ID = "test-node";

	/**
	 * The holder of a lease that {@link #revoke(String)} or {@link #fence(String)} gave
	 * to another node.
	 */
	public static final String OTHER_NODE = "other-node";

	/** How long a held lease lasts, as {@link #lease(String)} reports it. */
	private static final Duration LEASE_DURATION = Duration.ofMinutes(1);

	private final String nodeId;

	private final LeadershipMode mode;

	private final Set<String> modeGroups;

	private final LeadershipListener listener;

	private final Clock clock;

	/** Serializes changes, so that events of a group are published in order. */
	private final Object monitor = new Object();

	/**
	 * The groups campaigned for and whether this node takes their lease: the mode's
	 * answer until a test grants, revokes or yields. Guarded by the monitor.
	 */
	private final Map<String, Boolean> campaigns = new LinkedHashMap<>();

	/** The store: each group's latest lease. */
	private final ConcurrentMap<String, StoredLease> leases = new ConcurrentHashMap<>();

	/** What this node believes it holds (it may be stale after {@link #fence}). */
	private final ConcurrentMap<String, FencingToken> held = new ConcurrentHashMap<>();

	/** Groups drained and not resumed, granted or reset since. */
	private final Set<String> drained = new HashSet<>();

	/** Groups paused (the "store's" pause flags), until unpaused or reset. */
	private final Set<String> paused = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private InMemoryLeaderCoordinator(Builder builder) {
		this.nodeId = builder.nodeId;
		this.mode = builder.mode;
		this.modeGroups = Set.copyOf(builder.groups);
		this.listener = builder.listener;
		this.clock = builder.clock;
	}

	/**
	 * Start building a coordinator that leads every group.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	@Override
	public String nodeId() {
		return this.nodeId;
	}

	@Override
	public String store() {
		return STORE;
	}

	/**
	 * Which groups this coordinator leads by default.
	 * @return the mode
	 */
	public LeadershipMode mode() {
		return this.mode;
	}

	/**
	 * Join the election of a group: while running, this node leads it at once when its
	 * {@link LeadershipMode} says so.
	 * @param group the group name
	 */
	@Override
	public void campaign(String group) {
		Identifiers.requireValidGroup(group);
		synchronized (this.monitor) {
			if (this.campaigns.containsKey(group)) {
				return;
			}
			boolean lead = leadsByDefault(group);
			this.campaigns.put(group, lead);
			if (this.running && lead) {
				acquire(group);
			}
		}
	}

	@Override
	public boolean isLeader(String group) {
		return this.held.containsKey(group);
	}

	@Override
	public Optional<FencingToken> token(String group) {
		return Optional.ofNullable(this.held.get(group));
	}

	@Override
	public Optional<Lease> lease(String group) {
		StoredLease lease = this.leases.get(group);
		return (lease != null) ? Optional.of(lease.toLease(group, this.clock.instant())) : Optional.empty();
	}

	@Override
	public void verify(FencingToken token) {
		StoredLease lease = this.leases.get(token.group());
		if (lease == null) {
			throw new FencingException(token, "group '" + token.group() + "' was never leased");
		}
		lease.toLease(token.group(), this.clock.instant()).requireCurrent(token);
	}

	/**
	 * Give up the leadership of a group (published as revoked with
	 * {@link RevocationReason#YIELDED}) and release its lease. Unlike a real coordinator,
	 * this node does not campaign again by itself: it stays a follower until the test
	 * calls {@link #grant(String)} (or {@link #reset()}), as if another node had taken
	 * over.
	 * @param group the group name
	 * @return {@code true} when this node was leading and yielded
	 */
	@Override
	public boolean yield(String group) {
		synchronized (this.monitor) {
			if (this.campaigns.containsKey(group)) {
				this.campaigns.put(group, false);
			}
			FencingToken token = this.held.remove(group);
			if (token == null) {
				return false;
			}
			this.leases.computeIfPresent(group, (name, lease) -> lease.releasedBy(token, this.clock.instant()));
			publish(new LeadershipRevokedEvent(this, token, RevocationReason.YIELDED, this.clock));
			return true;
		}
	}

	/**
	 * Drain a group: give up its leadership (published as revoked with
	 * {@link RevocationReason#DRAINED}), release its lease and record it as drained until
	 * {@link #resume(String)}, {@link #grant(String)} or {@link #reset()}.
	 * @param group the group name
	 * @return {@code false} when this node does not campaign for the group or it is
	 * drained already
	 */
	@Override
	public boolean drain(String group) {
		Identifiers.requireValidGroup(group);
		synchronized (this.monitor) {
			if (!this.campaigns.containsKey(group) || !this.drained.add(group)) {
				return false;
			}
			this.campaigns.put(group, false);
			FencingToken token = this.held.remove(group);
			if (token != null) {
				this.leases.computeIfPresent(group, (name, lease) -> lease.releasedBy(token, this.clock.instant()));
				publish(new LeadershipRevokedEvent(this, token, RevocationReason.DRAINED, this.clock));
			}
			return true;
		}
	}

	/**
	 * Resume a drained group. As after a yield, this node stays a follower until the test
	 * calls {@link #grant(String)}.
	 * @param group the group name
	 * @return {@code false} when the group was not drained
	 */
	@Override
	public boolean resume(String group) {
		synchronized (this.monitor) {
			return this.drained.remove(group);
		}
	}

	@Override
	public Set<String> drainedGroups() {
		synchronized (this.monitor) {
			return Collections.unmodifiableSet(new TreeSet<>(this.drained));
		}
	}

	/**
	 * Pause the group: {@code @LeaderOnly} calls of it are skipped (reason
	 * {@code PAUSED}) while this node keeps leading it, until {@link #unpause(String)} or
	 * {@link #reset()}.
	 */
	@Override
	public boolean pause(String group) {
		return this.paused.add(Identifiers.requireValidGroup(group));
	}

	@Override
	public boolean unpause(String group) {
		return this.paused.remove(Identifiers.requireValidGroup(group));
	}

	@Override
	public Set<String> pausedGroups() {
		return Collections.unmodifiableSet(new TreeSet<>(this.paused));
	}

	@Override
	public boolean isPaused(String group) {
		return this.paused.contains(group);
	}

	@Override
	public Set<String> groups() {
		synchronized (this.monitor) {
			return Set.copyOf(this.campaigns.keySet());
		}
	}

	/**
	 * Make this node the leader of a group (campaigning for it if it did not yet) with a
	 * new fencing token, unless it already leads it with the current token. A node that
	 * still believed in a {@linkplain #fence(String) fenced} token is first revoked with
	 * {@link RevocationReason#LEASE_LOST}.
	 * @param group the group name
	 * @return the token this node now leads the group with
	 * @throws IllegalStateException when the coordinator is not running (its application
	 * context is stopped or closed)
	 */
	public FencingToken grant(String group) {
		Identifiers.requireValidGroup(group);
		synchronized (this.monitor) {
			this.campaigns.put(group, true);
			this.drained.remove(group);
			if (!this.running) {
				throw new IllegalStateException("Cannot grant group '" + group
						+ "': the in-memory leader coordinator is stopped (is its application context running?)");
			}
			return lead(group);
		}
	}

	/**
	 * Take a group away from this node, as when another node took its lease: the lease
	 * passes to {@link #OTHER_NODE} with a newer token, this node's token fails
	 * {@link #verify(FencingToken) verification}, and the revocation is published with
	 * {@link RevocationReason#LEASE_LOST}. This node stays a follower of the group until
	 * {@link #grant(String)} (or {@link #reset()}).
	 * @param group the group name
	 * @return {@code true} when this node was leading the group
	 */
	public boolean revoke(String group) {
		Identifiers.requireValidGroup(group);
		synchronized (this.monitor) {
			if (this.campaigns.containsKey(group)) {
				this.campaigns.put(group, false);
			}
			return lose(group);
		}
	}

	/**
	 * Let another node take a group's lease behind this node's back, as after a long GC
	 * pause: the lease passes to {@link #OTHER_NODE} with a newer token, but this node
	 * still believes it leads and keeps its old token, so its next {@code @LeaderOnly}
	 * call is fenced ({@link #verify(FencingToken)} throws a {@link FencingException}).
	 * No event is published. {@link #revoke(String)} lets it notice,
	 * {@link #grant(String)} gives it the lease back with a newer token.
	 * @param group the group name
	 * @return the token this node still holds, now stale
	 * @throws IllegalStateException when this node does not lead the group
	 */
	public FencingToken fence(String group) {
		synchronized (this.monitor) {
			FencingToken token = this.held.get(group);
			if (token == null) {
				throw new IllegalStateException("Cannot fence group '" + group + "': this node does not lead it "
						+ "(grant it first, or check the leadership mode)");
			}
			this.leases.compute(group, (name, lease) -> StoredLease.takenBy(OTHER_NODE, lease, this.clock.instant()));
			return token;
		}
	}

	/**
	 * Return every group to its {@link LeadershipMode}: lead (with a current token) the
	 * groups the mode names and follow the others, undoing what a test granted, revoked,
	 * yielded, fenced or paused. Tokens keep increasing. Called between tests.
	 */
	public void reset() {
		synchronized (this.monitor) {
			this.drained.clear();
			this.paused.clear();
			for (Map.Entry<String, Boolean> campaign : this.campaigns.entrySet()) {
				String group = campaign.getKey();
				boolean lead = leadsByDefault(group);
				campaign.setValue(lead);
				if (!this.running) {
					continue;
				}
				if (lead) {
					lead(group);
				}
				else {
					lose(group);
				}
			}
		}
	}

	/**
	 * Lead, with a new token, every group this node campaigns for and should lead.
	 * Starting a running coordinator has no effect.
	 */
	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.campaigns.forEach((group, lead) -> {
				if (lead) {
					acquire(group);
				}
			});
		}
	}

	/**
	 * Release every lease this node holds, published as revoked with
	 * {@link RevocationReason#SHUTDOWN}. It may be {@linkplain #start() started} again.
	 */
	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			for (String group : Set.copyOf(this.held.keySet())) {
				FencingToken token = this.held.remove(group);
				if (token == null) {
					continue;
				}
				this.leases.computeIfPresent(group, (name, lease) -> lease.releasedBy(token, this.clock.instant()));
				publish(new LeadershipRevokedEvent(this, token, RevocationReason.SHUTDOWN, this.clock));
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public String toString() {
		return "InMemoryLeaderCoordinator[" + this.nodeId + ", " + this.mode
				+ ((this.mode == LeadershipMode.GROUPS) ? " " + this.modeGroups : "") + ", leading "
				+ this.held.keySet() + "]";
	}

	private boolean leadsByDefault(String group) {
		return switch (this.mode) {
			case ALL -> true;
			case NONE -> false;
			case GROUPS -> this.modeGroups.contains(group);
		};
	}

	/**
	 * Lead the group with a current token, replacing a stale one. Holding the monitor.
	 */
	private FencingToken lead(String group) {
		FencingToken token = this.held.get(group);
		if (token != null) {
			StoredLease lease = this.leases.get(group);
			if (lease != null && lease.isHeldWith(token)) {
				return token;
			}
			this.held.remove(group);
			publish(new LeadershipRevokedEvent(this, token, RevocationReason.LEASE_LOST, this.clock));
		}
		return acquire(group);
	}

	/**
	 * Lose the group to another node. Holding the monitor.
	 */
	private boolean lose(String group) {
		FencingToken token = this.held.remove(group);
		if (token == null) {
			return false;
		}
		this.leases.compute(group, (name, lease) -> (lease != null && lease.isHeldWith(token))
				? StoredLease.takenBy(OTHER_NODE, lease, this.clock.instant()) : lease);
		publish(new LeadershipRevokedEvent(this, token, RevocationReason.LEASE_LOST, this.clock));
		return true;
	}

	/**
	 * Take the group's lease with the next token. Holding the monitor.
	 */
	private FencingToken acquire(String group) {
		StoredLease lease = this.leases.compute(group,
				(name, previous) -> StoredLease.takenBy(this.nodeId, previous, this.clock.instant()));
		FencingToken token = new FencingToken(group, lease.token(), this.nodeId);
		this.held.put(group, token);
		publish(new LeadershipGrantedEvent(this, token, this.clock));
		return token;
	}

	private void publish(LeadershipEvent event) {
		this.listener.onLeadershipChange(event);
	}

	/**
	 * A group's lease in the in-memory store.
	 *
	 * @param holder the holder, or {@code null} when released
	 * @param token the latest token of the group
	 * @param acquiredAt when the holder took it
	 * @param releasedAt when it was released, or {@code null}
	 */
	private record StoredLease(@Nullable String holder, long token, Instant acquiredAt, @Nullable Instant releasedAt) {

		static StoredLease takenBy(String holder, @Nullable StoredLease previous, Instant now) {
			return new StoredLease(holder, (previous != null) ? previous.token() + 1 : 1, now, null);
		}

		boolean isHeldWith(FencingToken token) {
			return this.token == token.value() && token.holder().equals(this.holder);
		}

		StoredLease releasedBy(FencingToken token, Instant now) {
			return isHeldWith(token) ? new StoredLease(null, this.token, this.acquiredAt, now) : this;
		}

		Lease toLease(String group, Instant now) {
			if (this.holder == null) {
				return new Lease(group, null, this.token, this.acquiredAt, this.releasedAt, this.releasedAt, now);
			}
			// A held lease is renewed continuously: it always has a full duration left.
			return new Lease(group, this.holder, this.token, this.acquiredAt, now, now.plus(LEASE_DURATION), now);
		}

	}

	/**
	 * Builds an {@link InMemoryLeaderCoordinator}.
	 */
	public static final class Builder {

		private String nodeId = DEFAULT_NODE_ID;

		private LeadershipMode mode = LeadershipMode.ALL;

		private Set<String> groups = Set.of();

		private LeadershipListener listener = (event) -> {
		};

		private Clock clock = Clock.systemUTC();

		private Builder() {
		}

		/**
		 * The node id, also the holder of this node's tokens.
		 * @param nodeId the node id (default
		 * {@value InMemoryLeaderCoordinator#DEFAULT_NODE_ID})
		 * @return this builder
		 */
		public Builder nodeId(String nodeId) {
			this.nodeId = Identifiers.requireValidNodeId(nodeId);
			return this;
		}

		/**
		 * Lead every group (the default).
		 * @return this builder
		 */
		public Builder leadAll() {
			return mode(LeadershipMode.ALL, Set.of());
		}

		/**
		 * Lead no group until the test grants one.
		 * @return this builder
		 */
		public Builder leadNone() {
			return mode(LeadershipMode.NONE, Set.of());
		}

		/**
		 * Lead only these groups.
		 * @param groups the group names
		 * @return this builder
		 */
		public Builder lead(String... groups) {
			return lead(Arrays.asList(groups));
		}

		/**
		 * Lead only these groups.
		 * @param groups the group names
		 * @return this builder
		 */
		public Builder lead(Iterable<String> groups) {
			Set<String> names = new LinkedHashSet<>();
			groups.forEach((group) -> names.add(Identifiers.requireValidGroup(group)));
			return mode(LeadershipMode.GROUPS, names);
		}

		private Builder mode(LeadershipMode mode, Set<String> groups) {
			this.mode = mode;
			this.groups = groups;
			return this;
		}

		/**
		 * Told about every leadership change, on the thread that made it (an
		 * {@code ApplicationEventPublisher::publishEvent} in an application context).
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(LeadershipListener listener) {
			this.listener = listener;
			return this;
		}

		/**
		 * The clock of the store's instants and of the events' timestamps.
		 * @param clock the clock (default UTC)
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Build the coordinator. It leads nothing until {@linkplain #start() started}.
		 * @return the coordinator
		 */
		public InMemoryLeaderCoordinator build() {
			return new InMemoryLeaderCoordinator(this);
		}

	}

}
