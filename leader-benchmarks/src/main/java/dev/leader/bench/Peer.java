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

package dev.leader.bench;

/**
 * The libraries compared, each run by {@link dev.leader.bench.node.NodeMain} as a small
 * Spring application in its own JVM.
 *
 * @author leader-spring-boot-starter
 */
public enum Peer {

	/** This starter (Boot auto-configuration, {@code @LeaderOnly}) on the JDBC store. */
	STARTER_JDBC("starter-jdbc", "this starter, JDBC (PostgreSQL)", Store.JDBC),

	/**
	 * This starter on the JDBC store with {@code verify-before-run} off: its coordination
	 * traffic alone, without the check before each leader-only execution.
	 */
	STARTER_JDBC_NO_VERIFY("starter-jdbc-noverify", "this starter, JDBC, verify-before-run off", Store.JDBC),

	/**
	 * This starter on the JDBC store with {@code leader.jdbc.fast-failover} (PostgreSQL
	 * liveness sessions): a crashed leader is taken over when its session ends.
	 */
	STARTER_JDBC_FAST("starter-jdbc-fast", "this starter, JDBC, fast failover (PostgreSQL)", Store.JDBC),

	/**
	 * This starter on the JDBC store with {@code leader.jdbc.fast-failover} on MariaDB
	 * ({@code GET_LOCK} liveness sessions), database {@code mariadb-url}.
	 */
	STARTER_JDBC_FAST_MARIADB("starter-jdbc-fast-mariadb", "this starter, JDBC, fast failover (MariaDB)", Store.JDBC),

	/**
	 * This starter on the JDBC store with balancing off ({@code leader.placement.balance
	 * = false}): groups stay where they were won.
	 */
	STARTER_JDBC_NO_BALANCE("starter-jdbc-nobalance", "this starter, JDBC, balancing off", Store.JDBC),

	/** This starter on its ZooKeeper store, when that store is on the classpath. */
	STARTER_ZOOKEEPER("starter-zk", "this starter, ZooKeeper", Store.ZOOKEEPER),

	/** This starter on its ZooKeeper store with {@code verify-before-run} off. */
	STARTER_ZOOKEEPER_NO_VERIFY("starter-zk-noverify", "this starter, ZooKeeper, verify-before-run off",
			Store.ZOOKEEPER),

	/** This starter on its ZooKeeper store with balancing off. */
	STARTER_ZOOKEEPER_NO_BALANCE("starter-zk-nobalance", "this starter, ZooKeeper, balancing off", Store.ZOOKEEPER),

	/** This starter on its etcd store. */
	STARTER_ETCD("starter-etcd", "this starter, etcd", Store.ETCD),

	/** This starter on its etcd store with {@code verify-before-run} off. */
	STARTER_ETCD_NO_VERIFY("starter-etcd-noverify", "this starter, etcd, verify-before-run off", Store.ETCD),

	/** This starter on its etcd store with balancing off. */
	STARTER_ETCD_NO_BALANCE("starter-etcd-nobalance", "this starter, etcd, balancing off", Store.ETCD),

	/**
	 * jetcd's {@code Election} API the way its documentation shows it: a lease kept alive
	 * by jetcd's streaming keep-alive, {@code campaign} until elected, {@code resign} on
	 * shutdown.
	 */
	JETCD_ELECTION("jetcd-election", "jetcd Election API (campaign, streaming keepAlive, resign)", Store.ETCD),

	/**
	 * ShedLock {@code @SchedulerLock} with
	 * {@code JdbcTemplateLockProvider.usingDbTime()}.
	 */
	SHEDLOCK("shedlock", "ShedLock @SchedulerLock, JdbcTemplateLockProvider (usingDbTime)", Store.JDBC),

	/**
	 * Spring Integration {@code LockRegistryLeaderInitiator} over
	 * {@code JdbcLockRegistry}.
	 */
	SI_JDBC("si-jdbc", "Spring Integration LockRegistryLeaderInitiator + JdbcLockRegistry", Store.JDBC),

	/**
	 * Spring Integration's ZooKeeper {@code LeaderInitiator} (Curator LeaderSelector).
	 */
	SI_ZOOKEEPER("si-zk", "Spring Integration ZooKeeper LeaderInitiator (Curator)", Store.ZOOKEEPER),

	/**
	 * This starter on the JDBC store in a web application: Tomcat with graceful shutdown,
	 * and one slow request in flight when the node is signalled (graceful handover only).
	 */
	STARTER_JDBC_WEB("starter-jdbc-web", "this starter, JDBC, web app (Tomcat, graceful shutdown, a request in flight)",
			Store.JDBC),

	/**
	 * {@link #STARTER_JDBC} with the starter's jars of the commit before the lifecycle
	 * change (setting {@code before-classpath}).
	 */
	STARTER_JDBC_BEFORE("starter-jdbc-before", "this starter, JDBC, before the lifecycle change", Store.JDBC),

	/**
	 * {@link #STARTER_JDBC_WEB} with the starter's jars of the commit before the
	 * lifecycle change (setting {@code before-classpath}).
	 */
	STARTER_JDBC_WEB_BEFORE("starter-jdbc-web-before",
			"this starter, JDBC, web app (Tomcat, graceful shutdown, a request in flight), before the lifecycle change",
			Store.JDBC);

	/** The class that exists only where this starter has its ZooKeeper store. */
	public static final String STARTER_ZOOKEEPER_CLASS = "dev.leader.zookeeper.ZookeeperLeaderCoordinator";

	private final String id;

	private final String title;

	private final Store store;

	Peer(String id, String title, Store store) {
		this.id = id;
		this.title = title;
		this.store = store;
	}

	public String id() {
		return this.id;
	}

	public String title() {
		return this.title;
	}

	public Store store() {
		return this.store;
	}

	/**
	 * Whether this peer can run here: the starter's ZooKeeper store only exists once it
	 * was merged.
	 * @return whether the peer is available
	 */
	public boolean isAvailable() {
		if (!isStarterOnZookeeper()) {
			return true;
		}
		try {
			Class.forName(STARTER_ZOOKEEPER_CLASS, false, Peer.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * Whether this is this starter (on any store, with any settings).
	 * @return {@code true} for every variant of this starter
	 */
	public boolean isStarter() {
		return this == STARTER_JDBC || this == STARTER_JDBC_NO_VERIFY || this == STARTER_JDBC_FAST
				|| this == STARTER_JDBC_FAST_MARIADB || this == STARTER_JDBC_NO_BALANCE || isStarterOnZookeeper()
				|| isWeb() || isBefore() || isStarterOnEtcd();
	}

	/**
	 * Whether this peer's JDBC store is MariaDB (setting {@code mariadb-url}) rather than
	 * PostgreSQL.
	 * @return {@code true} for the MariaDB peers
	 */
	public boolean isOnMariaDb() {
		return this == STARTER_JDBC_FAST_MARIADB;
	}

	/**
	 * Whether this is this starter with {@code leader.jdbc.fast-failover} on.
	 * @return {@code true} for the fast-failover peers
	 */
	public boolean isFastFailover() {
		return this == STARTER_JDBC_FAST || this == STARTER_JDBC_FAST_MARIADB;
	}

	/**
	 * Whether this is this starter on its etcd store.
	 * @return {@code true} for the etcd peers of this starter
	 */
	public boolean isStarterOnEtcd() {
		return this == STARTER_ETCD || this == STARTER_ETCD_NO_VERIFY || this == STARTER_ETCD_NO_BALANCE;
	}

	/**
	 * Whether this is this starter on its ZooKeeper store.
	 * @return {@code true} for the ZooKeeper variants of this starter
	 */
	public boolean isStarterOnZookeeper() {
		return this == STARTER_ZOOKEEPER || this == STARTER_ZOOKEEPER_NO_VERIFY || this == STARTER_ZOOKEEPER_NO_BALANCE;
	}

	/**
	 * Whether this is this starter with {@code verify-before-run} forced off.
	 * @return {@code true} for the variants without verify-before-run
	 */
	public boolean isWithoutVerify() {
		return this == STARTER_JDBC_NO_VERIFY || this == STARTER_ZOOKEEPER_NO_VERIFY || this == STARTER_ETCD_NO_VERIFY;
	}

	/**
	 * Whether this is this starter with balancing ({@code leader.placement.balance})
	 * forced off.
	 * @return {@code true} for the variants without balancing
	 */
	public boolean isWithoutBalance() {
		return this == STARTER_JDBC_NO_BALANCE || this == STARTER_ZOOKEEPER_NO_BALANCE
				|| this == STARTER_ETCD_NO_BALANCE;
	}

	/**
	 * Whether the nodes are web applications (Tomcat, graceful shutdown).
	 * @return {@code true} for the web variants
	 */
	public boolean isWeb() {
		return this == STARTER_JDBC_WEB || this == STARTER_JDBC_WEB_BEFORE;
	}

	/**
	 * Whether the nodes run the starter's jars of the commit before the lifecycle change.
	 * @return {@code true} for the variants that run the earlier jars
	 */
	public boolean isBefore() {
		return this == STARTER_JDBC_BEFORE || this == STARTER_JDBC_WEB_BEFORE;
	}

	/**
	 * Whether this peer is a variant of this starter measured for the shutdown ordering
	 * only: left out of the peer comparison's tables and chart.
	 * @return {@code true} for the web and earlier-jar variants
	 */
	public boolean isShutdownVariant() {
		return isWeb() || isBefore();
	}

	/**
	 * The peer with the given id or constant name (any case).
	 * @param id the id or name
	 * @return the peer
	 */
	public static Peer of(String id) {
		for (Peer peer : values()) {
			if (peer.id.equals(id) || peer.name().equalsIgnoreCase(id)) {
				return peer;
			}
		}
		throw new IllegalArgumentException("Unknown peer '" + id + "'");
	}

	/** Where a peer keeps its leases or locks. */
	public enum Store {

		/**
		 * A lease or lock table in a relational database.
		 */
		JDBC,

		/**
		 * ZooKeeper nodes.
		 */
		ZOOKEEPER,

		/**
		 * etcd keys.
		 */
		ETCD

	}

}
