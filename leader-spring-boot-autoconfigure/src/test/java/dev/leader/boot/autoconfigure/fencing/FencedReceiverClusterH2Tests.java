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
