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

package dev.leader.jdbc;

import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;

import dev.leader.lease.LeaseCoordinator;
import dev.leader.test.TcpProxy;
import dev.leader.test.TestDatabase;

/**
 * Two nodes of one group on a real database, the fixture of the lost-connection and
 * fast-failover tests: node A reaches the database through a {@link TcpProxy} (its pool
 * {@link #proxiedPool}), node B directly ({@link #directPool}, also the
 * {@link #observer}'s). Both nodes' beliefs are sampled every millisecond: the samples in
 * which both believe they lead, and, after {@link #fault}, when A was first seen not
 * leading and B first seen leading.
 */
final class ProxiedNodes {

	final TestDatabase database;

	final String instance;

	final String table;

	private final String host;

	private final int port;

	final HikariDataSource directPool;

	final HikariDataSource proxiedPool;

	final TcpProxy proxy;

	/** Reads the lease as node B sees it, over B's direct pool. */
	final JdbcLeaseStore observer;

	final String group;

	volatile LeaseCoordinator nodeA;

	volatile LeaseCoordinator nodeB;

	private final AtomicInteger bothLeading = new AtomicInteger();

	/** When node A was first seen not leading after the fault (System.nanoTime). */
	private final AtomicLong aDownAt = new AtomicLong();

	/** When node B was first seen leading (System.nanoTime). */
	private final AtomicLong bUpAt = new AtomicLong();

	private final ScheduledExecutorService sampler;

	private volatile boolean faulted;

	/**
	 * Set up the pools, the proxy and the lease table on the database's local server, and
	 * start sampling.
	 * @param database the database (checked to be available)
	 * @param table the lease table's name
	 * @param groupPrefix the group's name before a random suffix
	 */
	ProxiedNodes(TestDatabase database, String table, String groupPrefix) {
		this(database, availableHost(database), database.port(), table, groupPrefix);
	}

	/**
	 * Set up the pools, the proxy and the lease table on a server of the database's kind
	 * at another address (a {@link dev.leader.test.TestDatabaseServer}), and start
	 * sampling.
	 * @param database the kind of database
	 * @param host the server's host
	 * @param port the server's port
	 * @param table the lease table's name
	 * @param groupPrefix the group's name before a random suffix
	 */
	ProxiedNodes(TestDatabase database, String host, int port, String table, String groupPrefix) {
		this.database = database;
		this.host = host;
		this.port = port;
		this.table = table;
		this.instance = database.newInstance();
		this.directPool = database.newPoolFor(directUrl(), "node-b-direct");
		JdbcLeaseSchema.create(this.directPool, table);
		this.observer = new JdbcLeaseStore(this.directPool, table);
		this.proxy = new TcpProxy(host, port);
		this.proxiedPool = database.newPoolFor(proxiedUrl(), "node-a-via-proxy");
		this.group = groupPrefix + UUID.randomUUID();
		this.sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "belief-sampler");
			thread.setDaemon(true);
			return thread;
		});
		this.sampler.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.MILLISECONDS);
	}

	private static String availableHost(TestDatabase database) {
		database.assumeAvailable();
		return String.valueOf(database.host());
	}

	/** The database's URL through the proxy. */
	String proxiedUrl() {
		return this.database.urlVia(this.instance, "127.0.0.1", this.proxy.port());
	}

	/** The database's URL, direct. */
	String directUrl() {
		return this.database.urlVia(this.instance, this.host, this.port);
	}

	/**
	 * Note the fault's time and inflict it.
	 * @return when it began (System.nanoTime)
	 */
	long fault(Runnable fault) {
		this.faulted = true;
		long at = System.nanoTime();
		fault.run();
		return at;
	}

	/** The samples in which both nodes believed they lead. */
	int bothLeading() {
		return this.bothLeading.get();
	}

	/** When A was first seen not leading after the fault, 0 before. */
	long aDownAt() {
		return this.aDownAt.get();
	}

	/** When B was first seen leading, 0 before. */
	long bUpAt() {
		return this.bUpAt.get();
	}

	private void sample() {
		LeaseCoordinator a = this.nodeA;
		LeaseCoordinator b = this.nodeB;
		boolean aLeads = a != null && a.isLeader(this.group);
		boolean bLeads = b != null && b.isLeader(this.group);
		long now = System.nanoTime();
		if (aLeads && bLeads) {
			this.bothLeading.incrementAndGet();
		}
		if (this.faulted && !aLeads) {
			this.aDownAt.compareAndSet(0, now);
		}
		if (bLeads) {
			this.bUpAt.compareAndSet(0, now);
		}
	}

	/**
	 * Stop sampling, heal the proxy (so that A releases its lease instead of waiting on a
	 * frozen connection), stop both nodes, close the pools and the proxy.
	 */
	void close() throws InterruptedException {
		this.sampler.shutdownNow();
		this.sampler.awaitTermination(5, TimeUnit.SECONDS);
		this.proxy.heal();
		if (this.nodeA != null) {
			this.nodeA.stop();
		}
		if (this.nodeB != null) {
			this.nodeB.stop();
		}
		this.proxiedPool.close();
		this.directPool.close();
		this.proxy.close();
	}

}
