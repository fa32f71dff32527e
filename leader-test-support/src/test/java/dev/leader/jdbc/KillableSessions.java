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
