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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DemoOptions}: the command line of {@code bin/billing-demo}.
 */
class DemoOptionsTests {

	@Test
	void withoutOptionsTheDemoRunsOnH2AsItAlwaysDid() {
		DemoOptions options = DemoOptions.parse("app.jar", "/tmp/logs");
		assertThat(options.jar()).isEqualTo(Path.of("app.jar"));
		assertThat(options.logs()).isEqualTo(Path.of("/tmp/logs"));
		assertThat(options.database()).isEqualTo(DemoOptions.Database.H2);
		assertThat(options.databaseUser()).isEqualTo("sa");
		assertThat(options.fastFailover()).isFalse();
		assertThat(options.explicit()).isFalse();
		assertThat(DemoOptions.parse("app.jar").logs()).isNull();
	}

	@Test
	void postgresqlDefaultsToTheLocalServer() {
		DemoOptions options = DemoOptions.parse("app.jar", "/tmp/logs", "--database=postgresql", "--fast-failover");
		assertThat(options.database()).isEqualTo(DemoOptions.Database.POSTGRESQL);
		assertThat(options.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
		assertThat(options.databaseUser()).isEqualTo("postgres");
		assertThat(options.databasePassword()).isEmpty();
		assertThat(options.fastFailover()).isTrue();
		assertThat(options.keep()).isFalse();
		assertThat(options.explicit()).isTrue();
		assertThat(options.urlOf("billing_demo_1"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=billing_demo_1");
		assertThat(options.describe("billing_demo_1")).contains("database PostgreSQL")
			.contains("schema billing_demo_1")
			.contains("fast failover on");
	}

	@Test
	void postgresqlConnectionCanBeOverridden() {
		DemoOptions options = DemoOptions.parse("app.jar", "--database=postgresql",
				"--database-url=jdbc:postgresql://db:6543/billing?ssl=false", "--database-user=billing",
				"--database-password=secret", "--keep");
		assertThat(options.logs()).isNull();
		assertThat(options.databaseUser()).isEqualTo("billing");
		assertThat(options.databasePassword()).isEqualTo("secret");
		assertThat(options.keep()).isTrue();
		assertThat(options.fastFailover()).isFalse();
		assertThat(options.urlOf("s")).isEqualTo("jdbc:postgresql://db:6543/billing?ssl=false&currentSchema=s");
		assertThat(options.describe("s")).contains("fast failover off");
	}

	@Test
	void fastFailoverIsRefusedOnH2() {
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("app.jar", "--fast-failover"))
			.withMessageContaining("not on H2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DemoOptions.parse("app.jar", "--database=h2", "--database-url=jdbc:h2:mem:x"))
			.withMessageContaining("need --database=postgresql");
	}

	@Test
	void mariadbIsRefusedForWantOfMigrations() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DemoOptions.parse("app.jar", "--database=mariadb", "--fast-failover"))
			.withMessageContaining("no MariaDB/MySQL migrations");
	}

	@Test
	void wrongCommandLinesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("--database=postgresql"))
			.withMessageContaining("jar is missing");
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("app.jar", "--fast"))
			.withMessageContaining("Unknown option '--fast'");
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("app.jar", "--database="))
			.withMessageContaining("needs a value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> DemoOptions.parse("app.jar", "--database=postgresql", "--keep=yes"))
			.withMessageContaining("takes no value");
		assertThatIllegalArgumentException().isThrownBy(() -> DemoOptions.parse("app.jar", "logs", "extra"))
			.withMessageContaining("Unexpected argument 'extra'");
	}

}
