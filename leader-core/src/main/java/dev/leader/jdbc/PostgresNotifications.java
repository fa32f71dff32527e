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
