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

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.leader.LeaderConfigurationException;

/**
 * Makes sure that the store works on connections of its own. The store commits each of
 * its calls: on a connection of the caller's transaction it would commit that
 * transaction, and read the lease in the caller's snapshot, where a superseded token can
 * look current. On a read-only connection (a replica) it would read stale leases.
 *
 * @author leader-spring-boot-starter
 */
final class StoreConnections {

	private StoreConnections() {
	}

	/**
	 * The data source to take connections from: the target of a
	 * {@link TransactionAwareDataSourceProxy}, which would hand out the connection of the
	 * current Spring transaction.
	 */
	static DataSource unwrap(DataSource dataSource) {
		DataSource current = dataSource;
		while (current instanceof TransactionAwareDataSourceProxy proxy && proxy.getTargetDataSource() != null) {
			current = proxy.getTargetDataSource();
		}
		return current;
	}

	/**
	 * Refuse a connection that is read-only or belongs to a Spring-managed transaction.
	 * @throws LeaderConfigurationException when the connection is unfit
	 */
	static void requireOwn(Connection connection, DataSource dataSource) throws SQLException {
		if (connection.isReadOnly()) {
			throw new LeaderConfigurationException("The JDBC lease store got a read-only connection from " + dataSource
					+ ": a replica or a read-only pool cannot hold leases and may read stale ones. Give the store "
					+ "(and the fencing guard) a DataSource of the primary database (@LeaderDataSource, or "
					+ "new JdbcLeaseStore(dataSource)).");
		}
		// Resources are bound to the thread only inside Spring transactions; the map is
		// empty on the coordinator's own threads.
		for (Object key : TransactionSynchronizationManager.getResourceMap().keySet()) {
			if (key instanceof DataSource bound
					&& (DataSourceUtils.isConnectionTransactional(connection, bound) || DataSourceUtils
						.isConnectionTransactional(DataSourceUtils.getTargetConnection(connection), bound))) {
				throw new LeaderConfigurationException("The JDBC lease store got the connection of the current "
						+ "Spring-managed transaction from " + dataSource + ": its commit would commit the "
						+ "caller's transaction, and its reads would see the caller's snapshot. Give the store a "
						+ "DataSource that hands out connections of its own (the pool itself, not a "
						+ "transaction-aware or JTA-enlisting proxy).");
			}
		}
	}

}
