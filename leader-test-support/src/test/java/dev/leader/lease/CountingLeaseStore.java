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

package dev.leader.lease;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.leader.Lease;

/**
 * A lease store that records every call it passes on: the operation and how many groups
 * it covered.
 */
final class CountingLeaseStore extends DelegatingLeaseStore {

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	CountingLeaseStore(LeaseStore delegate) {
		super(delegate);
	}

	List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/** Calls recorded from index {@code from} on. */
	List<Call> callsSince(int from) {
		List<Call> all = calls();
		return all.subList(Math.min(from, all.size()), all.size());
	}

	private void record(String operation, int groups) {
		this.calls.add(new Call(operation, groups, System.nanoTime()));
	}

	@Override
	public OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout) {
		record("acquire", 1);
		return super.acquire(group, holder, leaseDuration, timeout);
	}

	@Override
	public boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout) {
		record("renew", 1);
		return super.renew(group, holder, token, leaseDuration, timeout);
	}

	@Override
	public boolean release(String group, String holder, long token, Duration timeout) {
		record("release", 1);
		return super.release(group, holder, token, timeout);
	}

	@Override
	public Optional<Lease> read(String group, Duration timeout) {
		record("read", 1);
		return super.read(group, timeout);
	}

	@Override
	public Map<String, Lease> readAll(Collection<String> groups, Duration timeout) {
		record("readAll", groups.size());
		return super.readAll(groups, timeout);
	}

	@Override
	public Set<String> renewAll(String holder, Map<String, Long> tokens, Duration leaseDuration, Duration timeout) {
		record("renewAll", tokens.size());
		return super.renewAll(holder, tokens, leaseDuration, timeout);
	}

	/** One call: its operation, the number of groups it covered, when it was made. */
	record Call(String operation, int groups, long nanoTime) {

	}

}
