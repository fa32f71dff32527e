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

package dev.leader.boot.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

import dev.leader.LeaderStoreException;
import dev.leader.jdbc.JdbcLeaseDialect;
import dev.leader.jdbc.JdbcLeaseSchema;

/**
 * Creates the lease table and its history table from the shipped
 * {@code schema-@@platform@@.sql} script, or upgrades a table of an earlier layout with
 * {@code upgrade-2-@@platform@@.sql}, {@code upgrade-3-@@platform@@.sql} and
 * {@code upgrade-4-@@platform@@.sql}, as {@code leader.jdbc.initialize-schema} asks
 * ({@code embedded}, {@code always}, {@code never}), before the coordinator starts. It is
 * Spring Boot's {@link DataSourceScriptDatabaseInitializer}, so Boot orders it like the
 * application's own database initializers, with two additions Boot's initializer does not
 * have: the scripts, which name table {@code leader_lease} so that they can be copied
 * into a Flyway or Liquibase migration as they are, are run for the configured table name
 * ({@code leader.jdbc.table-name}), and the table's layout decides whether the schema
 * script, the upgrade script or nothing runs.
 *
 * @author leader-spring-boot-starter
 * @since 0.1.0
 */
public class LeaderJdbcSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	/** Where the schema scripts are, per platform. */
	public static final String SCHEMA_LOCATION = "optional:classpath:dev/leader/jdbc/schema-@@platform@@.sql";

	private static final String OPTIONAL = "optional:";

	private final DatabaseInitializationSettings settings;

	private final String tableName;

	private @Nullable String schemaLocation;

	private final ResourceLoader resources = new DefaultResourceLoader(getClass().getClassLoader());

	public LeaderJdbcSchemaInitializer(DataSource dataSource, String tableName, DatabaseInitializationMode mode) {
		this(dataSource, tableName, settings(mode));
	}

	private LeaderJdbcSchemaInitializer(DataSource dataSource, String tableName,
			DatabaseInitializationSettings settings) {
		super(dataSource, settings);
		this.settings = settings;
		this.tableName = tableName;
	}

	private static DatabaseInitializationSettings settings(DatabaseInitializationMode mode) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setMode(mode);
		return settings;
	}

	/**
	 * Spring Boot resolves the script locations before it asks whether to run them:
	 * resolve the platform, which takes a connection, only when they will run, so that a
	 * database that is not reachable yet (or not embedded) is left alone as Boot's own
	 * initializer leaves it.
	 */
	@Override
	public boolean initializeDatabase() {
		DatabaseInitializationMode mode = this.settings.getMode();
		if (mode == DatabaseInitializationMode.NEVER
				|| (mode == DatabaseInitializationMode.EMBEDDED && !isEmbeddedDatabase())) {
			return false;
		}
		String location = new PlatformPlaceholderDatabaseDriverResolver().resolveAll(platform(), SCHEMA_LOCATION)
			.get(0);
		this.schemaLocation = location;
		this.settings.setSchemaLocations(List.of(location));
		return super.initializeDatabase();
	}

	/**
	 * Runs the scripts the table's layout needs, for the configured table name: the
	 * schema script Boot resolved when the table is missing, the upgrade scripts when it
	 * has an earlier layout, nothing when it is current.
	 */
	@Override
	protected void runScripts(Scripts scripts) {
		List<String> pending = JdbcLeaseSchema.pendingScripts(getDataSource(), this.tableName);
		if (pending.isEmpty()) {
			return;
		}
		List<Resource> toRun = new ArrayList<>();
		for (String location : pending) {
			if ((OPTIONAL + location).equals(this.schemaLocation)) {
				scripts.forEach(toRun::add);
			}
			else {
				toRun.add(this.resources.getResource(location));
			}
		}
		super.runScripts(
				new Scripts(toRun.stream().map(this::forTable).toList()).continueOnError(scripts.isContinueOnError())
					.separator(scripts.getSeparator())
					.encoding(scripts.getEncoding()));
	}

	private Resource forTable(Resource script) {
		try {
			String text = script.getContentAsString(StandardCharsets.UTF_8);
			return new ByteArrayResource(
					JdbcLeaseSchema.forTable(text, this.tableName).getBytes(StandardCharsets.UTF_8),
					script.getDescription() + " for table " + this.tableName);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String platform() {
		try {
			return JdbcUtils.extractDatabaseMetaData(getDataSource(), JdbcLeaseDialect::of).platform();
		}
		catch (MetaDataAccessException ex) {
			throw new LeaderStoreException(
					"Could not detect the database of lease table '" + this.tableName + "': " + ex.getMessage(), ex);
		}
	}

}
