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
