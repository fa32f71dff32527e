package dev.leader.boot.autoconfigure.fencing;

import java.util.List;
import java.util.UUID;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two receiving instances sharing the JDBC registry in one H2 database.
 */
class FencedReceiverClusterH2Tests extends FencedReceiverClusterContractTests {

	private final String database = "jdbc:h2:mem:receivers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	@Override
	protected List<String> databaseProperties() {
		return List.of("spring.datasource.url=" + this.database, "spring.datasource.generate-unique-name=false");
	}

	@Override
	protected void dropTable(ConfigurableApplicationContext instance) {
	}

}
