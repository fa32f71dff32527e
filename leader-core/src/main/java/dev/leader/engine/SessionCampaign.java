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

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.leader.FencingToken;
import dev.leader.RevocationReason;

/**
 * The part of a session adapter's campaign (ZooKeeper, etcd) that is the same for every
 * such store: the grant this node leads with, read without a lock and valid only while
 * the store's rule says so; the step-down that publishes the revocation; and the order of
 * a stop (step down under the monitor, let running work drain, then release in the
 * store).
 *
 * @param <G> the store's grant
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public abstract class SessionCampaign<G extends SessionCampaign.Grant> implements Campaign {

	/** Guards the campaign's state, this class's and the subclass's. */
	protected final Object monitor = new Object();

	private final String group;

	private final LeadershipChanges changes;

	/** This node's grant, or {@code null} while it does not lead. */
	private volatile @Nullable G leadership;

	/** Between start and stop; guarded by {@link #monitor}. */
	private boolean active;

	/** Stopped for good: a stopped campaign is never started again. */
	private boolean stopped;

	/**
	 * A campaign for a group.
	 * @param group the group
	 * @param changes where grants and revocations are published
	 */
	protected SessionCampaign(String group, LeadershipChanges changes) {
		this.group = group;
		this.changes = changes;
	}

	/**
	 * The group.
	 * @return the group
	 */
	public final String group() {
		return this.group;
	}

	/**
	 * Where grants, revocations and releases are published.
	 * @return the leadership changes of the coordinator's run
	 */
	protected final LeadershipChanges changes() {
		return this.changes;
	}

	/**
	 * The grant this node holds, whether or not it is still valid; read without a lock.
	 * @return the grant, or {@code null} while this node does not lead
	 */
	protected final @Nullable G leadership() {
		return this.leadership;
	}

	/**
	 * Whether a grant still stands by the store's rule (its session or lease is live and
	 * its local deadline has not passed).
	 * @param grant a grant of this campaign
	 * @return {@code true} while it stands
	 */
	protected abstract boolean isValid(G grant);

	@Override
	public final boolean isLeader() {
		G current = this.leadership;
		return current != null && isValid(current);
	}

	@Override
	public final Optional<FencingToken> token() {
		G current = this.leadership;
		return (current != null && isValid(current)) ? Optional.of(current.token()) : Optional.empty();
	}

	/**
	 * Whether the campaign runs (started, not stopped). Call with {@link #monitor} held.
	 * @return {@code true} while it runs
	 */
	protected final boolean isActive() {
		return this.active;
	}

	/**
	 * Start campaigning, once: {@link #starting()} under the monitor, then
	 * {@link #started()}.
	 */
	/**
	 * A session store keeps the published beliefs on the session that holds the leader's
	 * keys, so that they end together: the belief lasts while this node leads.
	 */
	@Override
	public long beliefNanos() {
		return isLeader() ? Long.MAX_VALUE : 0;
	}

	@Override
	public final void start() {
		synchronized (this.monitor) {
			if (this.active || this.stopped) {
				return;
			}
			this.active = true;
			starting();
		}
		started();
	}

	/**
	 * Begin campaigning; called once, with {@link #monitor} held.
	 */
	protected void starting() {
	}

	/**
	 * Begin campaigning; called once, after {@link #starting()}, without the monitor.
	 */
	protected void started() {
	}

	/**
	 * Lead with a grant and publish it. Call with {@link #monitor} held.
	 * @param grant the grant
	 */
	protected final void granted(G grant) {
		this.leadership = grant;
		this.changes.granted(grant.token());
	}

	/**
	 * Stop leading, if this node leads, and publish the revocation. Call with
	 * {@link #monitor} held.
	 * @param reason why
	 * @return the grant given up, or {@code null} when this node did not lead
	 */
	protected final @Nullable G stepDown(RevocationReason reason) {
		G previous = this.leadership;
		if (previous == null) {
			return null;
		}
		this.leadership = null;
		this.changes.revoked(previous.token(), reason);
		return previous;
	}

	/**
	 * Step down (revoked with the given reason) and stop campaigning, under the monitor;
	 * then let running work drain; then release in the store.
	 */
	@Override
	public final void stop(RevocationReason reason) {
		G released;
		synchronized (this.monitor) {
			this.stopped = true;
			this.active = false;
			stopping();
			released = stepDown(reason);
		}
		if (released != null) {
			this.changes.beforeRelease(this.group);
			// The session's keys end with it: a record not retracted in time never
			// outlives
			// the keys, so the release goes on either way.
			this.changes.retractBelief(this.group);
		}
		stopped(released, reason);
	}

	/**
	 * Let go of what the campaign holds besides the grant (a watch); called once, with
	 * {@link #monitor} held, right before the step-down of a stop.
	 */
	protected void stopping() {
	}

	/**
	 * Release in the store (recording the end in the history first) and let go of the
	 * election, after running work drained.
	 * @param released the grant this node led with until the stop, or {@code null}
	 * @param reason why the campaign stopped
	 */
	protected abstract void stopped(@Nullable G released, RevocationReason reason);

	/**
	 * What a store grants: at least the token.
	 */
	public interface Grant {

		/**
		 * The token this node leads with.
		 * @return the token
		 */
		FencingToken token();

	}

}
