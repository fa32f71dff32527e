package dev.leader.boot.autoconfigure;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.ClassUtils;

import dev.leader.jdbc.JdbcLeaseDialect;
import dev.leader.jdbc.JdbcLeaseSchema;

/**
 * Creates the lease table from the shipped script for the database, as
 * {@code leader.jdbc.initialize-schema} asks, before the coordinator starts.
 *
 * @author leader-spring-boot-starter
 */
public class LeaderJdbcSchemaInitializer implements InitializingBean {

	private static final Log logger = LogFactory.getLog(LeaderJdbcSchemaInitializer.class);

	private static final boolean BOOT_JDBC_PRESENT = ClassUtils.isPresent(
			"org.springframework.boot.jdbc.EmbeddedDatabaseConnection",
			LeaderJdbcSchemaInitializer.class.getClassLoader());

	private final DataSource dataSource;

	private final String tableName;

	private final DatabaseInitializationMode mode;

	public LeaderJdbcSchemaInitializer(DataSource dataSource, String tableName, DatabaseInitializationMode mode) {
		this.dataSource = dataSource;
		this.tableName = tableName;
		this.mode = mode;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.mode == DatabaseInitializationMode.NEVER
				|| (this.mode == DatabaseInitializationMode.EMBEDDED && !isEmbedded())) {
			return;
		}
		JdbcLeaseDialect dialect = JdbcLeaseSchema.create(this.dataSource, this.tableName);
		logger.debug("Lease table '" + this.tableName + "' ensured with " + dialect.schemaLocation());
	}

	private boolean isEmbedded() {
		return BOOT_JDBC_PRESENT && EmbeddedDatabaseConnection.isEmbedded(this.dataSource);
	}

}
