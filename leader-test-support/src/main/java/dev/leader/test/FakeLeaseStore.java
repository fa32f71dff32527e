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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

import dev.leader.Lease;
import dev.leader.lease.LeaseStore;
import dev.leader.lease.LockStore;
import dev.leader.lease.ReleaseWatch;

/**
 * A {@link LeaseStore} in memory, timed by the monotonic clock, whose release watch the
 * test controls: whether it watches, and whether releases are announced. It keeps the
 * lease store contract ({@code LeaseStoreContractTests}), so that a coordinator's tests
 * can run without a server, and a test can act as another node
 * ({@link #holdElsewhere(String, String, Duration)}).
 * <p>
 * One instance is one store: every coordinator given the same instance sees the same
 * leases.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public final class FakeLeaseStore implements LeaseStore, LockStore {

	private static final Instant EPOCH = Instant.EPOCH;

	private final Map<String, Row> rows = new ConcurrentHashMap<>();

	private final AtomicInteger reads = new AtomicInteger();

	private final List<ReleaseWatch.Listener> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean watching = true;

	private volatile boolean announcing = true;

	/**
	 * Reads made so far (each group of a {@code readAll} counts once).
	 * @return the number of reads
	 */
	public int reads() {
		return this.reads.get();
	}

	/**
	 * Store time now: the monotonic clock counted from the epoch.
	 * @return the store's time
	 */
	public Instant now() {
		return EPOCH.plusNanos(System.nanoTime());
	}

	/**
	 * Let another node hold a group's lease for {@code duration} from now, whoever held
	 * it: the next token is granted to {@code holder}.
	 * @param group the group
	 * @param holder the other node's holder id
	 * @param duration how long it holds the lease from now
	 * @return the token granted to the other node
	 */
	public synchronized long holdElsewhere(String group, String holder, Duration duration) {
		Row row = this.rows.get(group);
		long token = (row != null) ? row.token() + 1 : 1;
		Instant now = now();
		this.rows.put(group, new Row(holder, token, now, now, now.plus(duration)));
		return token;
	}

	/**
	 * Whether the release watch watches; tells the listeners when it changes.
	 * @param watching whether it watches (it does at first)
	 */
	public void watching(boolean watching) {
		if (this.watching != watching) {
			this.watching = watching;
			this.listeners.forEach((listener) -> listener.watching(watching));
		}
	}

	/**
	 * Whether releases are announced while watching (off: they are silently missed, as a
	 * watch may miss them).
	 * @param announcing whether releases are announced (they are at first)
	 */
	public void announcing(boolean announcing) {
		this.announcing = announcing;
	}

	@Override
	public String description() {
		return "fake";
	}

	@Override
	public void checkReady(Duration timeout) {
	}

	@Override
	public synchronized OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout) {
		return take(group, holder, leaseDuration, true);
	}

	@Override
	public synchronized OptionalLong acquireExclusive(String group, String holder, Duration leaseDuration,
			Duration timeout) {
		return take(group, holder, leaseDuration, false);
	}

	private OptionalLong take(String group, String holder, Duration leaseDuration, boolean reentrant) {
		Instant now = now();
		Row row = this.rows.get(group);
		if (row != null && row.holder() != null && row.expiresAt().isAfter(now)
				&& !(reentrant && row.holder().equals(holder))) {
			return OptionalLong.empty();
		}
		long token = (row != null) ? row.token() + 1 : 1;
		this.rows.put(group, new Row(holder, token, now, now, now.plus(leaseDuration)));
		return OptionalLong.of(token);
	}

	@Override
	public synchronized boolean renew(String group, String holder, long token, Duration leaseDuration,
			Duration timeout) {
		Instant now = now();
		Row row = this.rows.get(group);
		if (row == null || !holder.equals(row.holder()) || row.token() != token || !row.expiresAt().isAfter(now)) {
			return false;
		}
		this.rows.put(group, new Row(holder, token, row.acquiredAt(), now, now.plus(leaseDuration)));
		return true;
	}

	@Override
	public boolean release(String group, String holder, long token, Duration timeout) {
		synchronized (this) {
			Row row = this.rows.get(group);
			if (row == null || !holder.equals(row.holder()) || row.token() != token) {
				return false;
			}
			this.rows.put(group, new Row(null, token, row.acquiredAt(), row.renewedAt(), now()));
		}
		if (this.watching && this.announcing) {
			Thread announcer = new Thread(() -> this.listeners.forEach((listener) -> listener.released(group)));
			announcer.setDaemon(true);
			announcer.start();
		}
		return true;
	}

	@Override
	public synchronized boolean unlock(String group, String holder, long token, Duration holdSinceRenewal,
			Duration timeout) {
		Instant now = now();
		Row row = this.rows.get(group);
		if (row == null || !holder.equals(row.holder()) || row.token() != token || !row.expiresAt().isAfter(now)) {
			return false;
		}
		// Held until the hold since the last renewal is over; the holder stays, as in the
		// JDBC store, so that the lease shows who held it last.
		Instant heldUntil = row.renewedAt().plus(holdSinceRenewal);
		Instant expiresAt = heldUntil.isAfter(now) ? heldUntil : now;
		this.rows.put(group, new Row(holder, token, row.acquiredAt(), row.renewedAt(), expiresAt));
		return true;
	}

	@Override
	public synchronized Optional<Lease> read(String group, Duration timeout) {
		this.reads.incrementAndGet();
		Row row = this.rows.get(group);
		return (row != null) ? Optional
			.of(new Lease(group, row.holder(), row.token(), row.acquiredAt(), row.renewedAt(), row.expiresAt(), now()))
				: Optional.empty();
	}

	@Override
	public Optional<ReleaseWatch> watchReleases(ReleaseWatch.Listener listener) {
		this.listeners.add(listener);
		return Optional.of(new ReleaseWatch() {

			@Override
			public boolean isWatching() {
				return FakeLeaseStore.this.watching;
			}

			@Override
			public void close() {
				FakeLeaseStore.this.listeners.remove(listener);
			}

		});
	}

	private record Row(@Nullable String holder, long token, Instant acquiredAt, Instant renewedAt, Instant expiresAt) {

	}

}
