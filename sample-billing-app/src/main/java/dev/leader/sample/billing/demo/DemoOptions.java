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

package dev.leader.sample.billing.demo;

import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The command line of {@code bin/billing-demo}: the sample's jar, optionally the log
 * directory, then options. Without options the demo runs on an H2 server it starts
 * itself; {@code --database=postgresql} runs it on a PostgreSQL server instead, in a
 * schema of its own, where {@code --fast-failover} turns
 * {@code leader.jdbc.fast-failover} on for the nodes.
 *
 * @param jar the sample's executable jar
 * @param logs the directory for the logs, or {@code null} for a new temporary one
 * @param database the database the nodes share
 * @param databaseUrl the JDBC URL of the PostgreSQL database (empty on H2: the demo
 * starts the server)
 * @param databaseUser the database user
 * @param databasePassword the database password
 * @param fastFailover whether the nodes run with {@code leader.jdbc.fast-failover=true}
 * @param keep whether the demo's schema is kept at the end (PostgreSQL)
 * @param explicit whether any option was given: without, the output is the H2 demo's as
 * it always was
 * @author leader-spring-boot-starter
 */
record DemoOptions(Path jar, @Nullable Path logs, Database database, String databaseUrl, String databaseUser,
		String databasePassword, boolean fastFailover, boolean keep, boolean explicit) {

	static final String DEFAULT_POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	static final String DEFAULT_POSTGRESQL_USER = "postgres";

	static final String USAGE = """
			Usage: bin/billing-demo [--database=h2|postgresql] [--fast-failover] [--database-url=<jdbc url>]
			                        [--database-user=<user>] [--database-password=<password>] [--keep]
			  --database=h2           the default: an H2 server the demo starts itself
			  --database=postgresql   a PostgreSQL server (default %s, user %s), in a new schema
			                          billing_demo_<random>, dropped at the end unless --keep
			  --fast-failover         leader.jdbc.fast-failover=true on the nodes (PostgreSQL only): a
			                          SIGKILLed leader is replaced as soon as the database ends its session
			(BillingDemo itself: BillingDemo <sample-billing-app.jar> [log directory] [options])"""
		.formatted(DEFAULT_POSTGRESQL_URL, DEFAULT_POSTGRESQL_USER);

	/**
	 * Read the command line.
	 * @param args the jar, optionally the log directory, then options
	 * @return the options
	 * @throws IllegalArgumentException with a message for the user when the command line
	 * is wrong
	 */
	static DemoOptions parse(String... args) {
		Path jar = null;
		Path logs = null;
		Database database = Database.H2;
		String url = null;
		String user = null;
		String password = null;
		boolean fastFailover = false;
		boolean keep = false;
		boolean explicit = false;
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				if (jar == null) {
					jar = Path.of(arg);
				}
				else if (logs == null) {
					logs = Path.of(arg);
				}
				else {
					throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
				}
				continue;
			}
			explicit = true;
			int equals = arg.indexOf('=');
			String name = (equals < 0) ? arg : arg.substring(0, equals);
			String value = (equals < 0) ? null : arg.substring(equals + 1);
			switch (name) {
				case "--database" -> {
					database = Database.of(required(name, value));
				}
				case "--database-url" -> {
					url = required(name, value);
				}
				case "--database-user" -> {
					user = required(name, value);
				}
				case "--database-password" -> {
					password = (value != null) ? value : "";
				}
				case "--fast-failover" -> {
					fastFailover = flag(name, value);
				}
				case "--keep" -> {
					keep = flag(name, value);
				}
				default -> throw new IllegalArgumentException("Unknown option '" + arg + "'");
			}
		}
		if (jar == null) {
			throw new IllegalArgumentException("The sample's jar is missing");
		}
		if (database == Database.H2) {
			if (url != null || user != null || password != null || keep) {
				throw new IllegalArgumentException("--database-url, --database-user, --database-password and --keep "
						+ "need --database=postgresql: on H2 the demo starts its own in-memory server");
			}
			if (fastFailover) {
				throw new IllegalArgumentException("--fast-failover needs --database=postgresql: fast failover "
						+ "works on PostgreSQL and MariaDB/MySQL, not on H2 (docs/fast-failover.md)");
			}
			return new DemoOptions(jar, logs, database, "", "sa", "", false, false, explicit);
		}
		return new DemoOptions(jar, logs, database, (url != null) ? url : DEFAULT_POSTGRESQL_URL,
				(user != null) ? user : DEFAULT_POSTGRESQL_USER, (password != null) ? password : "", fastFailover, keep,
				explicit);
	}

	/**
	 * The JDBC URL of the given schema of the database.
	 * @param schema the schema
	 * @return the URL that makes it the current schema
	 */
	String urlOf(String schema) {
		return this.databaseUrl + (this.databaseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

	/**
	 * What ran, for the output: the store, the database and whether fast failover is on.
	 * @param schema the demo's schema, or {@code null} on H2
	 * @return one line
	 */
	String describe(@Nullable String schema) {
		String where = (this.database == Database.H2) ? "H2 (in-memory server started by the demo)"
				: "PostgreSQL (" + this.databaseUrl + ", schema " + schema + ")";
		String fast = this.fastFailover
				? "on (a SIGKILLed leader is replaced when the database ends its session; a SIGSTOPped one, "
						+ "whose session stays open, when its lease expires)"
				: "off (every failover waits for the lease to expire)";
		return "leader store jdbc, database " + where + ", fast failover " + fast;
	}

	private static String required(String name, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			throw new IllegalArgumentException(name + " needs a value: " + name + "=...");
		}
		return value;
	}

	private static boolean flag(String name, @Nullable String value) {
		if (value != null) {
			throw new IllegalArgumentException(name + " takes no value");
		}
		return true;
	}

	/**
	 * The databases the demo runs on.
	 */
	enum Database {

		/**
		 * An H2 server started by the demo, the default.
		 */
		H2,

		/**
		 * A PostgreSQL server that runs already.
		 */
		POSTGRESQL;

		static Database of(String name) {
			return switch (name.toLowerCase(Locale.ROOT)) {
				case "h2" -> H2;
				case "postgresql", "postgres" -> POSTGRESQL;
				case "mariadb", "mysql" -> throw new IllegalArgumentException("--database=" + name
						+ ": the billing sample has no MariaDB/MySQL migrations (db/migration/{vendor} holds h2 and "
						+ "postgresql only); use --database=postgresql");
				default -> throw new IllegalArgumentException(
						"--database=" + name + ": unknown database; use h2 or postgresql");
			};
		}

	}

}
