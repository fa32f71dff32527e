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

package dev.leader.boot.autoconfigure.fencing;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Fencing on the wire, under the {@code leader.fencing} prefix: the senders' client
 * interceptors and the receivers' check of the {@code Fencing-Token} header.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
@ConfigurationProperties("leader.fencing")
public class LeaderFencingProperties {

	private final Client client = new Client();

	private final Server server = new Server();

	public Client getClient() {
		return this.client;
	}

	public Server getServer() {
		return this.server;
	}

	/**
	 * Which registry keeps the highest token seen per group.
	 */
	public enum Registry {

		/**
		 * In this JVM: for a receiver that runs as one instance.
		 */
		IN_MEMORY,

		/**
		 * In a database table that every instance of the receiver shares (needs a
		 * DataSource).
		 */
		JDBC,

		/**
		 * The lease store itself, through the LeaderCoordinator (one round trip per
		 * request): for receivers that can reach the senders' lease store.
		 */
		LEASE

	}

	/**
	 * Sending side.
	 */
	public static class Client {

		/**
		 * Whether to define the RestClient/RestTemplate interceptor and the WebClient
		 * filter beans that add the Fencing-Token header to requests made inside
		 * leader-only calls. They are applied only to the clients you add them to.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Receiving side.
	 */
	public static class Server {

		/**
		 * Whether to check the Fencing-Token header of incoming requests to the paths
		 * below and to @FencedEndpoint methods.
		 */
		private boolean enabled = true;

		/**
		 * Path patterns (Spring PathPattern syntax, such as '/charges/**') whose requests
		 * are checked for a token of any group. Empty: only @FencedEndpoint methods are
		 * checked.
		 */
		private List<String> paths = new ArrayList<>();

		/**
		 * Whether a request to a checked path without the Fencing-Token header is refused
		 * (428 Precondition Required) rather than let through. @FencedEndpoint methods
		 * always require it.
		 */
		private boolean requireToken;

		/**
		 * Where the highest token seen per group is kept: 'in-memory' (one instance),
		 * 'jdbc' (a table shared by every instance), or 'lease' (the lease store, read
		 * per request).
		 */
		private Registry registry = Registry.IN_MEMORY;

		private final Jdbc jdbc = new Jdbc();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public boolean isRequireToken() {
			return this.requireToken;
		}

		public void setRequireToken(boolean requireToken) {
			this.requireToken = requireToken;
		}

		public Registry getRegistry() {
			return this.registry;
		}

		public void setRegistry(Registry registry) {
			this.registry = registry;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

	}

	/**
	 * The JDBC registry's table.
	 */
	public static class Jdbc {

		/**
		 * Name of the table of highest tokens, an SQL identifier optionally qualified by
		 * a schema.
		 */
		private String tableName = "leader_fencing_token";

		/**
		 * When to create the table from the shipped schema script: 'embedded' (only for
		 * embedded databases), 'always', or 'never' (Flyway, Liquibase or by hand).
		 */
		private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

		public String getTableName() {
			return this.tableName;
		}

		public void setTableName(String tableName) {
			this.tableName = tableName;
		}

		public DatabaseInitializationMode getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

	}

}
