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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Fast failover's sessions of one test node, kept so that the test can close them all at
 * once, as the kernel closes the sockets of a killed process.
 */
final class KillableSessions extends DelegatingDataSource {

	private final List<Connection> opened = new CopyOnWriteArrayList<>();

	KillableSessions(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection connection = super.getConnection();
		this.opened.add(connection);
		return connection;
	}

	/**
	 * Abort every session opened so far.
	 */
	void abortAll() {
		for (Connection connection : this.opened) {
			try {
				connection.abort(Runnable::run);
			}
			catch (SQLException ex) {
				// Already closed.
			}
		}
		this.opened.clear();
	}

}
