package dev.leader.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration of leader election, under the {@code leader} prefix. Defaults are
 * literals so that the configuration metadata shows them; they match
 * {@link dev.leader.lease.LeaseTimings#DEFAULTS} and
 * {@link dev.leader.jdbc.JdbcLeaseStore#DEFAULT_TABLE_NAME}.
 *
 * @author leader-spring-boot-starter
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
	 * set, otherwise JDBC when the application has a DataSource.
	 */
	private Store store = Store.AUTO;

	/**
	 * This node's id, unique in the cluster: letters, digits, '.', '_', ':', '@' and '-',
	 * at most 128 characters. Defaults to the host name, the process id and a random
	 * suffix.
	 */
	private @Nullable String nodeId;

	/**
	 * How long a lease lasts in store time after each acquisition or renewal. A crashed
	 * leader is replaced after at most this plus the retry interval. JDBC store only:
	 * with ZooKeeper, leader.zookeeper.session-timeout plays this part.
	 */
	private Duration leaseDuration = Duration.ofSeconds(10);

	/**
	 * How often the leader renews its lease. At most half the lease duration. JDBC store
	 * only: ZooKeeper sessions are kept alive by the client's heartbeats.
	 */
	private Duration renewInterval = Duration.ofSeconds(3);

	/**
	 * How often followers try to acquire a lease, and how soon the leader retries a
	 * failed renewal. At most the lease duration. With ZooKeeper: the first back-off of
	 * Curator's retries and the pause after a grant that could not advance the token; at
	 * most the session timeout.
	 */
	private Duration retryInterval = Duration.ofSeconds(1);

	/**
	 * Groups to campaign for in addition to those named by @LeaderOnly methods.
	 */
	private Set<String> groups = new LinkedHashSet<>();

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

	public Duration getLeaseDuration() {
		return this.leaseDuration;
	}

	public void setLeaseDuration(Duration leaseDuration) {
		this.leaseDuration = leaseDuration;
	}

	public Duration getRenewInterval() {
		return this.renewInterval;
	}

	public void setRenewInterval(Duration renewInterval) {
		this.renewInterval = renewInterval;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public Set<String> getGroups() {
		return this.groups;
	}

	public void setGroups(Set<String> groups) {
		this.groups = groups;
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

	public Jdbc getJdbc() {
		return this.jdbc;
	}

	public Zookeeper getZookeeper() {
		return this.zookeeper;
	}

	/**
	 * The coordination store.
	 */
	public enum Store {

		/** ZooKeeper when a connect string is set, otherwise JDBC. */
		AUTO,

		/** A lease table in the application's database. */
		JDBC,

		/** ZooKeeper, through Spring Integration's leader initiator. */
		ZOOKEEPER

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

	}

}
