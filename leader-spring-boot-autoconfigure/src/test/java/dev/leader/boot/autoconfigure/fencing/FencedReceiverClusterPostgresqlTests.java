package dev.leader.boot.autoconfigure.fencing;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.leader.test.TestDatabase;

/**
 * Two receiving instances sharing the JDBC registry in PostgreSQL, under a table of their
 * own.
 */
class FencedReceiverClusterPostgresqlTests extends FencedReceiverClusterContractTests {

	private final String table = "fencing_" + Long.toHexString(System.nanoTime());

	@Override
	@BeforeAll
	void startTwoInstances() {
		TestDatabase.POSTGRESQL.assumeAvailable();
		super.startTwoInstances();
	}

	@Override
	protected List<String> databaseProperties() {
		TestDatabase database = TestDatabase.POSTGRESQL;
		return List.of("spring.datasource.url=" + database.url("test"), "spring.datasource.username=postgres",
				"leader.fencing.server.jdbc.table-name=" + this.table);
	}

	@Override
	protected void dropTable(ConfigurableApplicationContext instance) {
		new JdbcTemplate(instance.getBean(DataSource.class)).execute("DROP TABLE IF EXISTS " + this.table);
	}

}
