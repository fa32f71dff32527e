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

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

import dev.leader.lease.LeaseTimings;

/**
 * In-process ZooKeeper servers from curator-test for the ZooKeeper store's tests. They
 * tick every {@value #TICK_MILLIS} ms and accept session timeouts from one tick to a
 * minute, so that tests can use short sessions (fast failover) and long ones (to tell a
 * release from an expiry).
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@NullMarked
public final class TestZookeeper {

	/** The servers' tick: the shortest session timeout they grant. */
	public static final int TICK_MILLIS = 100;

	private static final int MAX_SESSION_TIMEOUT_MILLIS = 60_000;

	private TestZookeeper() {
	}

	/**
	 * Start a standalone server whose data directory is deleted when it closes.
	 * @return the started server
	 */
	public static TestingServer startServer() {
		return startServer(null);
	}

	/**
	 * Start a standalone server on a data directory that outlives it: restarting it (or a
	 * new server on the same directory) keeps every znode.
	 * @param dataDirectory the data directory, or {@code null} for a temporary one
	 * deleted on close
	 * @return the started server
	 */
	public static TestingServer startServer(@Nullable File dataDirectory) {
		try {
			return new TestingServer(spec(dataDirectory, -1, 1), true);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start a ZooKeeper test server", ex);
		}
	}

	/**
	 * Start an ensemble of servers.
	 * @param size the number of servers
	 * @return the started ensemble
	 */
	public static TestingCluster startCluster(int size) {
		List<InstanceSpec> specs = new ArrayList<>();
		for (int id = 1; id <= size; id++) {
			specs.add(spec(null, -1, id));
		}
		TestingCluster cluster = new TestingCluster(specs);
		try {
			cluster.start();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start a ZooKeeper test ensemble", ex);
		}
		return cluster;
	}

	/**
	 * A Curator client (not started) whose session lasts as long as the lease, the way
	 * the store maps lease timings: session timeout = lease duration, connection timeout
	 * = half of it, retries every retry interval.
	 * @param connectString the servers
	 * @param timings the lease timings
	 * @return the client
	 */
	public static CuratorFramework client(String connectString, LeaseTimings timings) {
		return client(connectString, timings.leaseDuration(), timings.retryInterval());
	}

	/**
	 * A Curator client (not started).
	 * @param connectString the servers
	 * @param sessionTimeout the session timeout
	 * @param retryInterval the sleep between retries of an operation
	 * @return the client
	 */
	public static CuratorFramework client(String connectString, Duration sessionTimeout, Duration retryInterval) {
		return CuratorFrameworkFactory.builder()
			.connectString(connectString)
			.sessionTimeoutMs((int) sessionTimeout.toMillis())
			.connectionTimeoutMs((int) sessionTimeout.dividedBy(2).toMillis())
			.retryPolicy(new RetryNTimes(3, (int) retryInterval.toMillis()))
			.build();
	}

	/**
	 * A temporary directory for a server that outlives it.
	 * @return the directory
	 */
	public static File newDataDirectory() {
		try {
			return Files.createTempDirectory("leader-zk").toFile();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Delete a directory made by {@link #newDataDirectory()}.
	 * @param directory the directory
	 */
	public static void deleteDataDirectory(@Nullable File directory) {
		if (directory != null) {
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	private static InstanceSpec spec(@Nullable File dataDirectory, int port, int serverId) {
		return new InstanceSpec(dataDirectory, port, -1, -1, dataDirectory == null, serverId, TICK_MILLIS, -1,
				Map.of("maxSessionTimeout", String.valueOf(MAX_SESSION_TIMEOUT_MILLIS)), "127.0.0.1");
	}

}
