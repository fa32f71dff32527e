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

package dev.leader.bench.node;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

/**
 * Counts what a node sends to its database, seen from the client: every statement
 * execution ({@code execute*} on a {@link Statement}, each batch counting once per
 * statement in it), every explicit commit and rollback, and every connection borrowed.
 * Wraps the node's pool, so the pool's own validation queries are not counted.
 *
 * @author leader-spring-boot-starter
 */
public final class CountingDataSource {

	private final LongAdder statements = new LongAdder();

	private final LongAdder commits = new LongAdder();

	private final LongAdder rollbacks = new LongAdder();

	private final LongAdder connections = new LongAdder();

	private final DataSource dataSource;

	public CountingDataSource(DataSource target) {
		this.dataSource = (DataSource) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, new Forwarding(target) {

					@Override
					Object after(Method method, Object result) {
						if (result instanceof Connection connection && method.getName().equals("getConnection")) {
							CountingDataSource.this.connections.increment();
							return connection(connection);
						}
						return result;
					}

				});
	}

	/**
	 * The counting data source to give to the peer under test.
	 * @return the data source that counts statements
	 */
	public DataSource dataSource() {
		return this.dataSource;
	}

	public long statements() {
		return this.statements.sum();
	}

	public long commits() {
		return this.commits.sum();
	}

	public long rollbacks() {
		return this.rollbacks.sum();
	}

	public long connections() {
		return this.connections.sum();
	}

	private Connection connection(Connection target) {
		return (Connection) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new Forwarding(target) {

					@Override
					void before(Method method) {
						switch (method.getName()) {
							case "commit" -> CountingDataSource.this.commits.increment();
							case "rollback" -> CountingDataSource.this.rollbacks.increment();
							default -> {
							}
						}
					}

					@Override
					Object after(Method method, Object result) {
						if (result instanceof CallableStatement statement) {
							return statement(statement, CallableStatement.class);
						}
						if (result instanceof PreparedStatement statement) {
							return statement(statement, PreparedStatement.class);
						}
						if (result instanceof Statement statement) {
							return statement(statement, Statement.class);
						}
						return result;
					}

				});
	}

	private <S extends Statement> S statement(S target, Class<S> type) {
		return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] { type },
				new Forwarding(target) {

					private int batched;

					@Override
					void before(Method method) {
						String name = method.getName();
						if (name.equals("addBatch")) {
							this.batched++;
						}
						else if (name.equals("clearBatch")) {
							this.batched = 0;
						}
						else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
							CountingDataSource.this.statements.add(this.batched);
							this.batched = 0;
						}
						else if (name.startsWith("execute")) {
							CountingDataSource.this.statements.increment();
						}
					}

				}));
	}

	/**
	 * Forwards every call to its target; {@code unwrap} and {@code isWrapperFor} reach
	 * the target too, so drivers' extensions stay usable.
	 */
	private static class Forwarding implements InvocationHandler {

		private final Object target;

		Forwarding(Object target) {
			this.target = target;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "toString":
					return "Counting[" + this.target + "]";
				default:
			}
			before(method);
			try {
				return after(method, method.invoke(this.target, args));
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

		void before(Method method) {
		}

		Object after(Method method, Object result) {
			return result;
		}

	}

}
