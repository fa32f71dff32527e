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
