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
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.leader.Lease;

/**
 * A lease store that passes every call on, for tests that change a few.
 */
class DelegatingLeaseStore implements LeaseStore {

	private final LeaseStore delegate;

	DelegatingLeaseStore(LeaseStore delegate) {
		this.delegate = delegate;
	}

	LeaseStore delegate() {
		return this.delegate;
	}

	@Override
	public String description() {
		return this.delegate.description();
	}

	@Override
	public void checkReady(Duration timeout) {
		this.delegate.checkReady(timeout);
	}

	@Override
	public OptionalLong acquire(String group, String holder, Duration leaseDuration, Duration timeout) {
		return this.delegate.acquire(group, holder, leaseDuration, timeout);
	}

	@Override
	public boolean renew(String group, String holder, long token, Duration leaseDuration, Duration timeout) {
		return this.delegate.renew(group, holder, token, leaseDuration, timeout);
	}

	@Override
	public boolean release(String group, String holder, long token, Duration timeout) {
		return this.delegate.release(group, holder, token, timeout);
	}

	@Override
	public Optional<Lease> read(String group, Duration timeout) {
		return this.delegate.read(group, timeout);
	}

	@Override
	public Map<String, Lease> readAll(Collection<String> groups, Duration timeout) {
		return this.delegate.readAll(groups, timeout);
	}

	@Override
	public Set<String> renewAll(String holder, Map<String, Long> tokens, Duration leaseDuration, Duration timeout) {
		return this.delegate.renewAll(holder, tokens, leaseDuration, timeout);
	}

	@Override
	public Optional<ReleaseWatch> watchReleases(ReleaseWatch.Listener listener) {
		return this.delegate.watchReleases(listener);
	}

}
