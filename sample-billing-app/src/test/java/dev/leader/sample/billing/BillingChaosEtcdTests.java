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

package dev.leader.sample.billing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.etcd.jetcd.Client;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.etcd.EtcdLeaderCoordinator;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestEtcd;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The billing sample's chaos test with leadership in etcd: a 3-member etcd cluster
 * ({@link TestEtcd}) holds the leases, the billing data stays in PostgreSQL. The nodes
 * run with the {@code etcd} profile; each reaches every etcd member through TCP proxies
 * of its own, so that cutting the leader off the leader store cuts it off etcd (not off
 * the database, which it can still write to: only the fences stop it). The charge
 * transaction is fenced by the token registry and a verify with etcd; afterwards the
 * registry's mark is the newest token a charge was recorded under.
 */
class BillingChaosEtcdTests extends AbstractBillingChaosTests {

	private static final Log logger = LogFactory.getLog(BillingChaosEtcdTests.class);

	private static final int MEMBERS = 3;

	/** Per node, one proxy to each etcd member. */
	private final Map<String, List<TcpProxy>> etcdProxies = new ConcurrentHashMap<>();

	private TestEtcd etcd;

	private Client client;

	private EtcdLeaderCoordinator leases;

	private String namespace;

	@Override
	protected void startStore(String name) {
		this.etcd = TestEtcd.startCluster(MEMBERS);
		this.namespace = "/" + name;
		this.client = Client.builder().endpoints(this.etcd.endpoints()).build();
		// Never started: it campaigns for nothing and only reads the group's keys.
		this.leases = EtcdLeaderCoordinator.builder(this.client)
			.nodeId("chaos-test")
			.namespace(this.namespace)
			.requestTimeout(Duration.ofSeconds(2))
			.build();
	}

	@Override
	protected void stopStore() {
		this.etcdProxies.values().forEach((proxies) -> proxies.forEach(TcpProxy::close));
		if (this.leases != null) {
			this.leases.close();
		}
		if (this.client != null) {
			this.client.close();
		}
		if (this.etcd != null) {
			this.etcd.close();
		}
	}

	@Override
	protected String profiles() {
		return "postgresql,etcd";
	}

	@Override
	protected List<String> storeArguments(String node) {
		List<TcpProxy> proxies = this.etcdProxies.computeIfAbsent(node,
				(name) -> this.etcd.members()
					.stream()
					.map((member) -> new TcpProxy("127.0.0.1", member.clientPort()))
					.toList());
		String endpoints = proxies.stream()
			.map((proxy) -> "http://127.0.0.1:" + proxy.port())
			.collect(Collectors.joining(","));
		return List.of("--leader.etcd.endpoints=" + endpoints, "--leader.etcd.namespace=" + this.namespace,
				"--leader.etcd.lease-duration=" + LEASE.toMillis() + "ms", "--leader.etcd.renew-interval=500ms",
				"--leader.etcd.retry-interval=200ms", "--leader.etcd.request-timeout=1s");
	}

	@Override
	protected Optional<Lease> currentLease() {
		return this.leases.lease("billing")
			.map((lease) -> new Lease(nodeOf(lease.activeHolder().orElse(null)), lease.token(), lease.isActive()));
	}

	@Override
	protected void cutOffStore(String node) {
		this.etcdProxies.get(node).forEach(TcpProxy::cut);
	}

	@Override
	protected void healStore(String node) {
		this.etcdProxies.get(node).forEach(TcpProxy::heal);
	}

	/**
	 * Every charge was admitted by the token registry in its transaction, and every
	 * refusal rolled its admission back: the registry's mark is the newest token a charge
	 * was recorded under. The lease table was never used.
	 */
	@Override
	protected void assertChargesFenced(JdbcTemplate observer) {
		Long newestCharged = observer.queryForObject("SELECT MAX(fencing_token) FROM charge", Long.class);
		List<Long> marks = observer
			.queryForList("SELECT highest FROM leader_fencing_token WHERE group_name = 'billing'", Long.class);
		logger.info("Token registry: highest admitted " + marks + ", newest token charged " + newestCharged
				+ "; refused attempts "
				+ observer.queryForList("SELECT kind, COUNT(*) AS n FROM fenced_attempt GROUP BY kind"));
		assertThat(marks).containsExactly(newestCharged);
		assertThat(observer.queryForObject("SELECT COUNT(*) FROM leader_lease", Long.class)).isZero();
	}

}
