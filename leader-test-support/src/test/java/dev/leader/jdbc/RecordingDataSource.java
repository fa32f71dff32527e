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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source that notes the SQL of every statement prepared on its connections, with
 * when ({@link System#nanoTime()}), so that a test can see which statements a node sent
 * and in which order. Everything else is the wrapped data source's.
 */
final class RecordingDataSource extends DelegatingDataSource {

	private final List<Sent> sent = new CopyOnWriteArrayList<>();

	RecordingDataSource(DataSource target) {
		super(target);
	}

	@Override
	public Connection getConnection() throws SQLException {
		return recording(super.getConnection());
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return recording(super.getConnection(username, password));
	}

	/**
	 * The statements prepared since {@code nanos}, in order.
	 */
	List<Sent> since(long nanos) {
		return this.sent.stream().filter((statement) -> statement.at() - nanos >= 0).toList();
	}

	private Connection recording(Connection connection) {
		return (Connection) Proxy.newProxyInstance(RecordingDataSource.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					if (method.getName().startsWith("prepare") && args != null && args.length > 0
							&& args[0] instanceof String sql) {
						this.sent.add(new Sent(System.nanoTime(), sql));
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/**
	 * A statement prepared at {@code at} (System.nanoTime).
	 *
	 * @param at when
	 * @param sql its SQL
	 */
	record Sent(long at, String sql) {

	}

}
