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
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration of leader election, under the {@code leader} prefix. Defaults are
 * literals so that the configuration metadata shows them; they match
 * {@link dev.leader.lease.LeaseTimings#DEFAULTS} and
 * {@link dev.leader.jdbc.JdbcLeaseStore#DEFAULT_TABLE_NAME}. Timings that only one store
 * uses live under that store's prefix ({@code leader.jdbc.*},
 * {@code leader.zookeeper.*}); their earlier names directly under {@code leader} still
 * bind, as deprecated aliases that apply where the store's own name is not set.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader")
public class LeaderProperties {

	/**
	 * Whether to elect leaders. When false, nothing is auto-configured and @LeaderOnly
	 * methods are not intercepted, so they run on every node.
	 */
	private boolean enabled = true;

	/**
	 * Coordination store. 'auto' picks ZooKeeper when leader.zookeeper.connect-string is
	 * set, etcd when leader.etcd.endpoints is set (and refuses to guess when both are),
	 * otherwise JDBC when the application has a DataSource.
	 */
	private Store store = Store.AUTO;

	/**
	 * This node's id, unique in the cluster: letters, digits, '.', '_', ':', '@' and '-',
	 * at most 128 characters. Defaults to the host name, the process id and a random
	 * suffix.
	 */
	private @Nullable String nodeId;

	/**
	 * Groups to campaign for in addition to those named by @LeaderOnly methods.
	 */
	private Set<String> groups = new LinkedHashSet<>();

	/**
	 * Tags of this node, such as a region or a role, matched by
	 * leader.placement.groups.{group}.tags and .preferred; published to the other nodes
	 * with this node's membership record.
	 */
	private Set<String> nodeTags = new LinkedHashSet<>();

	/**
	 * Whether to verify the fencing token with the store (one round trip) right before
	 * each @LeaderOnly call, skipping the call when it is stale.
	 */
	private boolean verifyBeforeRun = true;

	/**
	 * Whether every @LeaderOnly call is fenced as with @LeaderOnly(fenced = true): each
	 * transaction on the lease table's DataSource that the call begins checks the token
	 * at its commit and rolls back when it is stale. Needs the JDBC store.
	 */
	private boolean fenceTransactions;

	/**
	 * Whether each node publishes the groups it believes it leads, their tokens and until
	 * when its belief holds, with its store traffic, and checks the others' for duplicate
	 * leaders (meter leader.conflicts, health details, endpoint), on every store. On JDBC
	 * the records live in the member table of layout 3 (upgrade-3-PLATFORM.sql adds it to
	 * older tables).
	 */
	private boolean detectConflicts = true;

	/**
	 * How long shutdown waits for running @LeaderOnly calls before interrupting them and
	 * releasing the leases. Also bounds how long a yield waits for the group's running
	 * calls. Keep it shorter than spring.lifecycle.timeout-per-shutdown-phase (30s by
	 * default), which bounds the whole shutdown phase of the starter.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(20);

	private final Jdbc jdbc = new Jdbc();

	private final Zookeeper zookeeper = new Zookeeper();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public @Nullable String getNodeId() {
		return this.nodeId;
	}

	public void setNodeId(@Nullable String nodeId) {
		this.nodeId = nodeId;
	}

	/**
	 * How long a lease of the JDBC store lasts, under its old name.
	 * @return {@code leader.jdbc.lease-duration}
	 * @deprecated since 0.1.0 for {@code leader.jdbc.lease-duration}
	 */
	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "leader.jdbc.lease-duration", since = "0.1.0",
			reason = "Store-specific timings live under the store's prefix")
	public Duration getLeaseDuration() {
		return this.jdbc.getLeaseDuration();
	}

	@Deprecated(since = "0.1.0")
	public void setLeaseDuration(Duration leaseDuration) {
		this.jdbc.leaseDurationAlias = leaseDuration;
	}

	/**
	 * How often the leader of the JDBC store renews its lease, under its old name.
	 * @return {@code leader.jdbc.renew-interval}
	 * @deprecated since 0.1.0 for {@code leader.jdbc.renew-interval}
	 */
	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "leader.jdbc.renew-interval", since = "0.1.0",
			reason = "Store-specific timings live under the store's prefix")
	public Duration getRenewInterval() {
		return this.jdbc.getRenewInterval();
	}

	@Deprecated(since = "0.1.0")
	public void setRenewInterval(Duration renewInterval) {
		this.jdbc.renewIntervalAlias = renewInterval;
	}

	/**
	 * Retry interval of both stores, under its old name.
	 * @return {@code leader.jdbc.retry-interval}
	 * @deprecated since 0.1.0 for {@code leader.jdbc.retry-interval} and
	 * {@code leader.zookeeper.retry-interval}
	 */
	@Deprecated(since = "0.1.0")
	@DeprecatedConfigurationProperty(replacement = "leader.jdbc.retry-interval", since = "0.1.0",
			reason = "Store-specific timings live under the store's prefix: leader.jdbc.retry-interval "
					+ "or leader.zookeeper.retry-interval")
	public Duration getRetryInterval() {
		return this.jdbc.getRetryInterval();
	}

	@Deprecated(since = "0.1.0") // sets both stores' retry interval where their own is
									// not set
	public void setRetryInterval(Duration retryInterval) {
		this.jdbc.retryIntervalAlias = retryInterval;
		this.zookeeper.retryIntervalAlias = retryInterval;
	}

	public Set<String> getGroups() {
		return this.groups;
	}

	public void setGroups(Set<String> groups) {
		this.groups = groups;
	}

	public Set<String> getNodeTags() {
		return this.nodeTags;
	}

	public void setNodeTags(Set<String> nodeTags) {
		this.nodeTags = nodeTags;
	}

	public boolean isVerifyBeforeRun() {
		return this.verifyBeforeRun;
	}

	public void setVerifyBeforeRun(boolean verifyBeforeRun) {
		this.verifyBeforeRun = verifyBeforeRun;
	}

	public boolean isFenceTransactions() {
		return this.fenceTransactions;
	}

	public void setFenceTransactions(boolean fenceTransactions) {
		this.fenceTransactions = fenceTransactions;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public boolean isDetectConflicts() {
		return this.detectConflicts;
	}

	public void setDetectConflicts(boolean detectConflicts) {
		this.detectConflicts = detectConflicts;
	}

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Zookeeper getZookeeper() {
		return this.zookeeper;
	}

	// The value set under a store's own name, else under the deprecated one, else the
	// default.
	static Duration firstSet(@Nullable Duration own, @Nullable Duration alias, Duration fallback) {
		return (own != null) ? own : (alias != null) ? alias : fallback;
	}

	// The name a timing was set under, so that a message names what the user wrote.
	static String nameSet(String storeName, @Nullable Duration own, @Nullable Duration alias) {
		return (own == null && alias != null) ? "leader." + storeName.substring(storeName.lastIndexOf('.') + 1)
				: storeName;
	}

	/**
	 * The coordination store.
	 */
	public enum Store {

		/**
		 * ZooKeeper when a connect string is set, etcd when endpoints are set (neither
		 * when both are), otherwise JDBC.
		 */
		AUTO,

		/** A lease table in the application's database. */
		JDBC,

		/** ZooKeeper, through Spring Integration's leader initiator. */
		ZOOKEEPER,

		/** etcd: a leader key per group on the node's etcd lease. */
		ETCD

	}

	/**
	 * JDBC store settings.
	 */
	public static class Jdbc {

		/**
		 * Name of the lease table, an SQL identifier optionally qualified by a schema.
		 */
		private String tableName = "leader_lease";

		/**
		 * When to create the lease table from the shipped schema script: 'embedded' (only
		 * for embedded databases), 'always', or 'never' (Flyway, Liquibase or by hand).
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		/**
		 * How long a lease lasts in database time after each acquisition or renewal. A
		 * crashed leader is replaced after at most this plus the retry interval.
		 */
		private @Nullable Duration leaseDuration;

		/**
		 * How often the leader renews its lease. At most half the lease duration.
		 */
		private @Nullable Duration renewInterval;

		/**
		 * How often a follower tries to acquire a lease (and how soon the leader retries
		 * a failed renewal). At most the lease duration.
		 */
		private @Nullable Duration retryInterval;

		/**
		 * Whether to take over a crashed leader's leases within milliseconds instead of
		 * at their expiry (PostgreSQL, MariaDB and MySQL): each node holds a liveness
		 * session with a session lock, followers wait on the leaders' locks. Adds one
		 * connection per node (two on MariaDB/MySQL) and one per leader instance
		 * followed, outside the pool. See docs/fast-failover.md.
		 */
		private boolean fastFailover;

		/**
		 * With fast failover: how long a follower waits, after a leader's liveness
		 * session ended, before it takes over; long enough for a leader that still runs
		 * to notice the loss of its own session. Shorter than half the lease duration.
		 */
		private Duration fastFailoverGrace = Duration.ofMillis(75);

		/**
		 * With fast failover: the most leader instances a node waits on at once, each on
		 * a connection of its own; the leases of other leaders are waited out.
		 */
		private int fastFailoverMaxWaiters = 8;

		@Nullable Duration leaseDurationAlias;

		@Nullable Duration renewIntervalAlias;

		@Nullable Duration retryIntervalAlias;

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
			this.tableName = tableName;
		}

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public Duration getLeaseDuration() {
			return firstSet(this.leaseDuration, this.leaseDurationAlias, Duration.ofSeconds(10));
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public Duration getRenewInterval() {
			return firstSet(this.renewInterval, this.renewIntervalAlias, Duration.ofSeconds(3));
		}

		public void setRenewInterval(Duration renewInterval) {
			this.renewInterval = renewInterval;
		}

		public Duration getRetryInterval() {
			return firstSet(this.retryInterval, this.retryIntervalAlias, Duration.ofSeconds(1));
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		public boolean isFastFailover() {
			return this.fastFailover;
		}

		public void setFastFailover(boolean fastFailover) {
			this.fastFailover = fastFailover;
		}

		public Duration getFastFailoverGrace() {
			return this.fastFailoverGrace;
		}

		public void setFastFailoverGrace(Duration fastFailoverGrace) {
			this.fastFailoverGrace = fastFailoverGrace;
		}

		public int getFastFailoverMaxWaiters() {
			return this.fastFailoverMaxWaiters;
		}

		public void setFastFailoverMaxWaiters(int fastFailoverMaxWaiters) {
			this.fastFailoverMaxWaiters = fastFailoverMaxWaiters;
		}

		String leaseDurationName() {
			return nameSet("leader.jdbc.lease-duration", this.leaseDuration, this.leaseDurationAlias);
		}

		String renewIntervalName() {
			return nameSet("leader.jdbc.renew-interval", this.renewInterval, this.renewIntervalAlias);
		}

		String retryIntervalName() {
			return nameSet("leader.jdbc.retry-interval", this.retryInterval, this.retryIntervalAlias);
		}

	}

	/**
	 * ZooKeeper store settings.
	 */
	public static class Zookeeper {

		/**
		 * ZooKeeper ensemble, as 'host:port[,host:port...]'. Setting it makes
		 * leader.store=auto choose ZooKeeper.
		 */
		private @Nullable String connectString;

		/**
		 * ZooKeeper path under which each group has its election and token nodes
		 * (root/group/election and root/group/token). An absolute path.
		 */
		private String root = "/leader";

		/**
		 * ZooKeeper session timeout (the server may clamp it to between 2 and 20 ticks).
		 * A crashed leader is replaced after about this long; a leader cut off from the
		 * ensemble steps down after two thirds of it.
		 */
		private Duration sessionTimeout = Duration.ofSeconds(10);

		/**
		 * How long an operation waits for a connection to ZooKeeper, and how long a token
		 * check or lease read waits for an answer. Shorter than the session timeout.
		 */
		private Duration connectionTimeout = Duration.ofSeconds(5);

		/**
		 * How long a node backs off after a grant it could not complete (the token could
		 * not be advanced) before it queues for the election again. At most the session
		 * timeout.
		 */
		private @Nullable Duration retryInterval;

		@Nullable Duration retryIntervalAlias;

		public @Nullable String getConnectString() {
			return this.connectString;
		}

		public void setConnectString(@Nullable String connectString) {
			this.connectString = connectString;
		}

		public String getRoot() {
			return this.root;
		}

		public void setRoot(String root) {
			this.root = root;
		}

		public Duration getSessionTimeout() {
			return this.sessionTimeout;
		}

		public void setSessionTimeout(Duration sessionTimeout) {
			this.sessionTimeout = sessionTimeout;
		}

		public Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public Duration getRetryInterval() {
			return firstSet(this.retryInterval, this.retryIntervalAlias, Duration.ofSeconds(1));
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

		String retryIntervalName() {
			return nameSet("leader.zookeeper.retry-interval", this.retryInterval, this.retryIntervalAlias);
		}

	}

}
