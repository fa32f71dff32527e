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

package dev.leader.sample.billing.subscription;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import dev.leader.sample.billing.BillingProperties;

/**
 * Flyway migration 3: the seeded customer base, {@code billing.customers} customers with
 * one subscription each, every fifth on the annual plan. Everyone starts in a free trial
 * (period 0); the trials end at instants spread over the first month, so that charges
 * arrive evenly. Flyway runs it once, under its lock, however many nodes start at the
 * same time.
 *
 * @author leader-spring-boot-starter
 */
@Component
public class CustomerBaseMigration implements JavaMigration {

	private static final String[] CURRENCIES = { "EUR", "USD", "GBP" };

	private static final int BATCH = 500;

	private final BillingProperties properties;

	public CustomerBaseMigration(BillingProperties properties) {
		this.properties = properties;
	}

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("3");
	}

	@Override
	public String getDescription() {
		return "seed customer base";
	}

	@Override
	public @Nullable Integer getChecksum() {
		// The size is configuration, not part of the migration's identity.
		return null;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		Instant now = now(connection);
		int customers = this.properties.getCustomers();
		Duration month = this.properties.getMonth();
		Duration ahead = this.properties.getChargeAhead();
		try (PreparedStatement customer = connection
			.prepareStatement("INSERT INTO customer (id, name, email) VALUES (?, ?, ?)");
				PreparedStatement subscription = connection.prepareStatement("""
						INSERT INTO subscription (id, customer_id, plan, price_cents, currency, period_length_ms,
						    current_period, current_period_ends_at, next_charge_at)
						VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)""")) {
			for (int id = 1; id <= customers; id++) {
				customer.setLong(1, id);
				customer.setString(2, String.format("Customer %05d", id));
				customer.setString(3, "customer" + id + "@example.com");
				customer.addBatch();
				Plan plan = (id % 5 == 0) ? Plan.ANNUAL : Plan.MONTHLY;
				Instant trialEnds = now.plus(ahead).plus(month.multipliedBy(id - 1).dividedBy(customers));
				subscription.setLong(1, id);
				subscription.setLong(2, id);
				subscription.setString(3, plan.name());
				subscription.setLong(4, plan.priceCents());
				subscription.setString(5, CURRENCIES[id % CURRENCIES.length]);
				subscription.setLong(6, plan.periodLength(month).toMillis());
				subscription.setObject(7, Subscriptions.utc(trialEnds));
				subscription.setObject(8, Subscriptions.utc(trialEnds.minus(ahead)));
				subscription.addBatch();
				if (id % BATCH == 0 || id == customers) {
					customer.executeBatch();
					subscription.executeBatch();
				}
			}
		}
	}

	private static Instant now(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT CURRENT_TIMESTAMP")) {
			result.next();
			return result.getObject(1, OffsetDateTime.class).toInstant();
		}
	}

}
