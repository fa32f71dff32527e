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
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL's asynchronous notifications through its JDBC driver, which is optional:
 * only touched once a connection is known to be PostgreSQL's, and {@link #isSupported}
 * first.
 *
 * @author leader-spring-boot-starter
 */
final class PostgresNotifications {

	private PostgresNotifications() {
	}

	static boolean isSupported(Connection connection) {
		try {
			return connection.isWrapperFor(PGConnection.class);
		}
		catch (SQLException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Wait up to {@code timeoutMillis} for notifications (without a statement: the driver
	 * reads what the server sent).
	 * @return their payloads
	 */
	static List<String> poll(Connection connection, int timeoutMillis) throws SQLException {
		PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(timeoutMillis);
		List<String> payloads = new ArrayList<>();
		if (notifications != null) {
			for (PGNotification notification : notifications) {
				payloads.add(notification.getParameter());
			}
		}
		return payloads;
	}

}
