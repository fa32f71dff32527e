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

package dev.leader.shedlock;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

import net.javacrumbs.shedlock.core.AbstractSimpleLock;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;

import dev.leader.FencingToken;
import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderContext;
import dev.leader.lease.LockStore;

/**
 * A ShedLock {@link ExtensibleLockProvider} over this project's lease store, so that
 * {@code @SchedulerLock} jobs keep ShedLock's semantics and gain a fencing token:
 * <ul>
 * <li>{@code lock} returns empty while the name is held, by any node or by this one;</li>
 * <li>{@code lockAtMostFor} is the lease duration, in store time;</li>
 * <li>after {@code unlock}, the lock stays held until {@code lockAtLeastFor} after it was
 * taken (or last extended), in store time;</li>
 * <li>{@code extend} works only for the current, unexpired holder; a lock that was
 * unlocked or extended cannot be used again;</li>
 * <li>every acquisition advances the name's fencing token, bound to {@link LeaderContext}
 * from {@code lock} until {@code unlock} on the locking thread, so the job can
 * {@code verify} it or guard its writes.</li>
 * </ul>
 * Lock names are lease groups: letters, digits, '.', '_', ':' and '-'. Keep them apart
 * from the groups of {@code @LeaderOnly} methods. A lock whose name is a group paused
 * cluster-wide ({@code LeaderCoordinator.pause}) is not taken: {@code lock} returns
 * empty, without a store call, until the group is unpaused.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaseLockProvider implements ExtensibleLockProvider {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

	private final LockStore store;

	private final String holder;

	private final Duration timeout;

	private final Predicate<String> paused;

	/**
	 * A provider whose locks are held by {@code holder} (typically this node's id).
	 * @param store the lease store
	 * @param holder the holder recorded for this node's locks
	 */
	public LeaseLockProvider(LockStore store, String holder) {
		this(store, holder, DEFAULT_TIMEOUT);
	}

	/**
	 * A provider with a bound on each store call.
	 * @param store the lease store
	 * @param holder the holder recorded for this node's locks
	 * @param timeout the longest a store call may take
	 */
	public LeaseLockProvider(LockStore store, String holder, Duration timeout) {
		this(store, holder, timeout, (name) -> false);
	}

	/**
	 * A provider that takes no lock of a paused group.
	 * @param store the lease store
	 * @param holder the holder recorded for this node's locks
	 * @param timeout the longest a store call may take
	 * @param paused whether a group is paused cluster-wide (typically
	 * {@code LeaderCoordinator::isPaused}); asked before every lock, it must answer
	 * without a round trip
	 * @since 0.1.0
	 */
	public LeaseLockProvider(LockStore store, String holder, Duration timeout, Predicate<String> paused) {
		this.store = store;
		this.holder = Identifiers.requireValidNodeId(holder);
		this.timeout = timeout;
		this.paused = paused;
	}

	@Override
	public Optional<SimpleLock> lock(LockConfiguration configuration) {
		String name = lockName(configuration);
		if (this.paused.test(name)) {
			return Optional.empty();
		}
		OptionalLong token = this.store.acquireExclusive(name, this.holder, configuration.getLockAtMostFor(),
				this.timeout);
		if (token.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new LeaseLock(configuration, new FencingToken(name, token.getAsLong(), this.holder)));
	}

	private static String lockName(LockConfiguration configuration) {
		try {
			return Identifiers.requireValidGroup(configuration.getName());
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException(
					"ShedLock lock name is not usable as a lease group: " + ex.getMessage());
		}
	}

	/**
	 * One held lock: its token is bound to the locking thread until unlock.
	 */
	private final class LeaseLock extends AbstractSimpleLock {

		private final FencingToken token;

		private final LeaderContext.Scope scope;

		LeaseLock(LockConfiguration configuration, FencingToken token) {
			this(configuration, token, LeaderContext.bind(token));
		}

		private LeaseLock(LockConfiguration configuration, FencingToken token, LeaderContext.Scope scope) {
			super(configuration);
			this.token = token;
			this.scope = scope;
		}

		@Override
		protected void doUnlock() {
			try {
				LeaseLockProvider.this.store.unlock(this.token.group(), this.token.holder(), this.token.value(),
						this.lockConfiguration.getLockAtLeastFor(), LeaseLockProvider.this.timeout);
			}
			finally {
				this.scope.close();
			}
		}

		@Override
		protected Optional<SimpleLock> doExtend(LockConfiguration newConfiguration) {
			boolean extended = LeaseLockProvider.this.store.renew(this.token.group(), this.token.holder(),
					this.token.value(), newConfiguration.getLockAtMostFor(), LeaseLockProvider.this.timeout);
			if (!extended) {
				// Lost: ShedLock invalidates this lock too, so nothing will unlock it.
				this.scope.close();
				return Optional.empty();
			}
			// The binding moves to the new lock object; this one can no longer be used.
			return Optional.of(new LeaseLock(newConfiguration, this.token, this.scope));
		}

	}

}
