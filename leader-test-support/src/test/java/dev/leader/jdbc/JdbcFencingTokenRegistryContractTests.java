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

package dev.leader.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderStoreException;
import dev.leader.fencing.FencingTokenRegistry.Admission;
import dev.leader.test.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC fencing-token registry on a real database, as two instances of a receiving
 * service would use it (a pool each): marks only rise, concurrent admissions agree, an
 * admission joins the caller's transaction and holds the group's row until it commits.
 */
abstract class JdbcFencingTokenRegistryContractTests {

	private final List<HikariDataSource> pools = new ArrayList<>();

	private String table;

	private HikariDataSource first;

	private HikariDataSource second;

	protected abstract TestDatabase database();

	@BeforeEach
	void createTable() {
		database().assumeAvailable();
		String instance = database().newInstance();
		this.first = pool(instance, "first");
		this.second = pool(instance, "second");
		this.table = "fencing_" + Long.toHexString(System.nanoTime());
		JdbcFencingTokenSchema.create(this.first, this.table);
		JdbcFencingTokenSchema.create(this.second, this.table);
	}

	@AfterEach
	void dropTable() {
		if (this.first != null) {
			new JdbcTemplate(this.first).execute("DROP TABLE IF EXISTS " + this.table);
		}
		this.pools.forEach(HikariDataSource::close);
	}

	private HikariDataSource pool(String instance, String name) {
		HikariDataSource pool = database().newPool(instance, name, (config) -> {
			config.setMaximumPoolSize(10);
			config.setConnectionTimeout(10_000);
		});
		this.pools.add(pool);
		return pool;
	}

	@Test
	void marksRiseAndInstancesAgree() {
		JdbcFencingTokenRegistry one = new JdbcFencingTokenRegistry(this.first, this.table);
		JdbcFencingTokenRegistry two = new JdbcFencingTokenRegistry(this.second, this.table);
		assertThat(one.highest("billing")).isEmpty();
		assertThat(one.admit("billing", 5)).isEqualTo(new Admission("billing", 5, 5));
		assertThat(two.admit("billing", 5).admitted()).isTrue();
		assertThat(two.admit("billing", 6)).isEqualTo(new Admission("billing", 6, 6));
		Admission late = one.admit("billing", 5);
		assertThat(late.admitted()).isFalse();
		assertThat(late.highest()).isEqualTo(6);
		assertThat(one.highest("billing")).isEqualTo(OptionalLong.of(6));
		assertThat(two.admit("tenant:a:billing", 1).admitted()).as("groups are independent").isTrue();
	}

	@Test
	void concurrentAdmissionsOfManyTokensEndAtTheHighestAndNeverAdmitBelowIt() throws Exception {
		JdbcFencingTokenRegistry one = new JdbcFencingTokenRegistry(this.first, this.table);
		JdbcFencingTokenRegistry two = new JdbcFencingTokenRegistry(this.second, this.table);
		ConcurrentLinkedQueue<Admission> admissions = new ConcurrentLinkedQueue<>();
		ExecutorService senders = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			for (int i = 1; i <= 200; i++) {
				long token = i;
				JdbcFencingTokenRegistry registry = (i % 2 == 0) ? one : two;
				sent.add(CompletableFuture.runAsync(() -> admissions.add(registry.admit("billing", token)), senders));
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			senders.shutdownNow();
		}
		assertThat(one.highest("billing")).hasValue(200);
		assertThat(admissions).hasSize(200).allSatisfy((admission) -> {
			assertThat(admission.highest()).isGreaterThanOrEqualTo(admission.value());
			assertThat(admission.admitted()).isEqualTo(admission.highest() == admission.value());
		});
		assertThat(admissions).filteredOn(Admission::admitted).extracting(Admission::value).contains(200L);
	}

	@Test
	void anAdmissionJoinsTheCallersTransactionAndRollsBackWithIt() {
		JdbcFencingTokenRegistry registry = new JdbcFencingTokenRegistry(this.first, this.table);
		registry.admit("billing", 3);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.first));
		transaction.executeWithoutResult((status) -> {
			assertThat(registry.admit("billing", 9).admitted()).isTrue();
			status.setRollbackOnly();
		});
		assertThat(registry.highest("billing")).hasValue(3);
	}

	@Test
	void aGroupsAdmissionsWaitForTheTransactionHoldingItsRow() throws Exception {
		JdbcFencingTokenRegistry one = new JdbcFencingTokenRegistry(this.first, this.table);
		JdbcFencingTokenRegistry two = new JdbcFencingTokenRegistry(this.second, this.table);
		one.admit("billing", 1);
		one.admit("reports", 1);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.first));
		CountDownLatch admitted = new CountDownLatch(1);
		CountDownLatch commit = new CountDownLatch(1);
		CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult((status) -> {
			one.admit("billing", 2);
			admitted.countDown();
			await(commit);
		}));
		await(admitted);
		CompletableFuture<Admission> waiting = CompletableFuture.supplyAsync(() -> two.admit("billing", 2));
		assertThat(two.admit("reports", 2).admitted()).as("another group does not wait").isTrue();
		assertThat(waiting).as("the same group waits for the commit").failsWithin(Duration.ofMillis(500));
		commit.countDown();
		holder.get(10, TimeUnit.SECONDS);
		assertThat(waiting).succeedsWithin(Duration.ofSeconds(10)).satisfies((admission) -> {
			assertThat(admission.admitted()).isTrue();
			assertThat(admission.highest()).isEqualTo(2);
		});
	}

	@Test
	void aMissingTableIsExplainedAndABadNameRefused() {
		JdbcFencingTokenRegistry registry = new JdbcFencingTokenRegistry(this.first, "no_such_fencing_table");
		assertThatExceptionOfType(LeaderStoreException.class).isThrownBy(() -> registry.admit("billing", 1))
			.withMessageContaining("no_such_fencing_table")
			.withMessageContaining("fencing-token-schema-");
		assertThatExceptionOfType(LeaderConfigurationException.class)
			.isThrownBy(() -> new JdbcFencingTokenRegistry(this.first, "x; DROP TABLE y"));
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
