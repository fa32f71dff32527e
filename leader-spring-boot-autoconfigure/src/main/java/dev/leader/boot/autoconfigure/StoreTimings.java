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

package dev.leader.boot.autoconfigure;

import java.time.Duration;

import dev.leader.LeaderConfigurationException;
import dev.leader.lease.LeaseTimings;

/**
 * Checks the store-specific timings of {@link LeaderProperties} and says what is wrong in
 * the names of the properties the user set (a deprecated alias when that is what was
 * set), so that a message needs no rewriting on its way to the failure analysis.
 *
 * @author leader-spring-boot-starter
 */
final class StoreTimings {

	private StoreTimings() {
	}

	/**
	 * The JDBC store's timings, checked with the rules of {@link LeaseTimings}.
	 * @param jdbc the JDBC settings
	 * @return the timings
	 * @throws LeaderConfigurationException naming the property to change
	 */
	static LeaseTimings jdbc(LeaderProperties.Jdbc jdbc) {
		Duration lease = jdbc.getLeaseDuration();
		Duration renew = jdbc.getRenewInterval();
		Duration retry = jdbc.getRetryInterval();
		return checked(lease, renew, retry, jdbc.leaseDurationName(), jdbc.renewIntervalName(),
				jdbc.retryIntervalName());
	}

	private static LeaseTimings checked(Duration lease, Duration renew, Duration retry, String leaseName,
			String renewName, String retryName) {
		requirePositive(leaseName, lease);
		requirePositive(renewName, renew);
		requirePositive(retryName, retry);
		if (lease.compareTo(LeaseTimings.MIN_LEASE_DURATION) < 0) {
			throw new LeaderConfigurationException(leaseName + " (" + lease.toMillis()
					+ " ms) is too short: use at least " + LeaseTimings.MIN_LEASE_DURATION.toMillis() + " ms");
		}
		if (renew.multipliedBy(2).compareTo(lease) > 0) {
			throw new LeaderConfigurationException(renewName + " (" + renew.toMillis() + " ms) must be at most half of "
					+ leaseName + " (" + lease.toMillis() + " ms) so that a failed renewal can be retried before the "
					+ "lease runs out: set " + renewName + " to " + lease.dividedBy(3).toMillis() + " ms or raise "
					+ leaseName);
		}
		if (retry.compareTo(lease) > 0) {
			throw new LeaderConfigurationException(
					retryName + " (" + retry.toMillis() + " ms) must not exceed " + leaseName + " (" + lease.toMillis()
							+ " ms): followers would miss the end of a lease by more than its length");
		}
		return new LeaseTimings(lease, renew, retry);
	}

	/**
	 * The etcd store's timings, checked with the rules of {@link LeaseTimings}.
	 * @param etcd the etcd settings
	 * @return the timings
	 * @throws LeaderConfigurationException naming the property to change
	 */
	static LeaseTimings etcd(LeaderEtcdProperties etcd) {
		return checked(etcd.getLeaseDuration(), etcd.getRenewInterval(), etcd.getRetryInterval(),
				"leader.etcd.lease-duration", "leader.etcd.renew-interval", "leader.etcd.retry-interval");
	}

	/**
	 * The ZooKeeper store's retry interval, checked.
	 * @param zookeeper the ZooKeeper settings
	 * @return the retry interval
	 */
	static Duration zookeeperRetryInterval(LeaderProperties.Zookeeper zookeeper) {
		requirePositive(zookeeper.retryIntervalName(), zookeeper.getRetryInterval());
		return zookeeper.getRetryInterval();
	}

	/**
	 * Checks the settings of the ZooKeeper client the starter builds.
	 * @param zookeeper the ZooKeeper settings
	 */
	static void zookeeperClient(LeaderProperties.Zookeeper zookeeper) {
		Duration session = zookeeper.getSessionTimeout();
		Duration connection = zookeeper.getConnectionTimeout();
		requirePositive("leader.zookeeper.session-timeout", session);
		requirePositive("leader.zookeeper.connection-timeout", connection);
		Duration retry = zookeeperRetryInterval(zookeeper);
		if (connection.compareTo(session) >= 0) {
			throw new LeaderConfigurationException("leader.zookeeper.connection-timeout (" + connection.toMillis()
					+ " ms) must be shorter than leader.zookeeper.session-timeout (" + session.toMillis()
					+ " ms), so that a node gives up connecting before its session could expire: set "
					+ "leader.zookeeper.connection-timeout to " + session.dividedBy(2).toMillis()
					+ " ms or raise leader.zookeeper.session-timeout");
		}
		if (retry.compareTo(session) > 0) {
			throw new LeaderConfigurationException(zookeeper.retryIntervalName() + " (" + retry.toMillis()
					+ " ms) must not exceed leader.zookeeper.session-timeout (" + session.toMillis()
					+ " ms): a node that backs off after an incomplete grant must be back in the election within "
					+ "the time a failover takes");
		}
	}

	static void requirePositive(String property, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new LeaderConfigurationException(property + " must be positive, was " + value);
		}
	}

}
