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

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.ClassUtils;

import dev.leader.Identifiers;
import dev.leader.LeaderConfigurationException;
import dev.leader.jdbc.JdbcFencingTokenRegistry;
import dev.leader.jdbc.JdbcFencingTokenSchema;
import dev.leader.jdbc.JdbcLeaseDialect;

/**
 * Builds the JDBC registry, kept apart so that its classes load only when
 * {@code leader.fencing.server.registry=jdbc}.
 *
 * @author leader-spring-boot-starter
 */
final class JdbcRegistries {

	private static final Log logger = LogFactory.getLog(JdbcRegistries.class);

	private JdbcRegistries() {
	}

	static JdbcFencingTokenRegistry create(LeaderFencingProperties.Jdbc properties,
			ObjectProvider<DataSource> dataSources) {
		if (!ClassUtils.isPresent("org.springframework.jdbc.core.JdbcTemplate",
				JdbcRegistries.class.getClassLoader())) {
			throw new LeaderConfigurationException("leader.fencing.server.registry=jdbc needs spring-jdbc on the class "
					+ "path (spring-boot-starter-jdbc)");
		}
		DataSource dataSource = dataSources.getIfUnique(() -> {
			throw new LeaderConfigurationException("leader.fencing.server.registry=jdbc keeps the highest tokens in a "
					+ "database table, but the application has no single DataSource: define one, or choose "
					+ "leader.fencing.server.registry=in-memory");
		});
		String tableName = properties.getTableName();
		try {
			Identifiers.requireValidTableName(tableName);
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException("leader.fencing.server.jdbc.table-name: " + ex.getMessage());
		}
		if (initialize(properties.getInitializeSchema(), dataSource)) {
			JdbcLeaseDialect dialect = JdbcFencingTokenSchema.create(dataSource, tableName);
			logger.debug(
					"Fencing-token table '" + tableName + "' ensured with " + JdbcFencingTokenSchema.location(dialect));
		}
		return new JdbcFencingTokenRegistry(dataSource, tableName);
	}

	private static boolean initialize(DatabaseInitializationMode mode, DataSource dataSource) {
		return switch (mode) {
			case ALWAYS -> true;
			case NEVER -> false;
			case EMBEDDED -> ClassUtils.isPresent("org.springframework.boot.jdbc.EmbeddedDatabaseConnection",
					JdbcRegistries.class.getClassLoader()) && EmbeddedDatabaseConnection.isEmbedded(dataSource);
		};
	}

}
