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

import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SmartDataSource;
import org.springframework.util.ClassUtils;

import dev.leader.LeaderConfigurationException;
import dev.leader.jdbc.FastFailover;

/**
 * Builds the {@link FastFailover} options from {@code leader.jdbc.*}: checks the
 * properties, and finds where the dedicated sessions come from. They must not come from
 * the pool, which may close or recycle a connection it lent (its maximum lifetime), and
 * whose size the application chose for its own work: with a HikariCP pool they are opened
 * with its URL, credentials and driver properties; a data source that opens a connection
 * per call (Spring's {@link AbstractDriverBasedDataSource}) is used as it is. Another
 * pool needs a {@link FastFailover} bean of the application's.
 *
 * @author leader-spring-boot-starter
 */
final class FastFailoverSessions {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			FastFailoverSessions.class.getClassLoader());

	private FastFailoverSessions() {
	}

	/**
	 * The options of fast failover over the lease store's data source.
	 * @param dataSource the lease store's data source
	 * @param jdbc the JDBC settings
	 * @return the options
	 * @throws LeaderConfigurationException naming the property or bean to change
	 */
	static FastFailover of(DataSource dataSource, LeaderProperties.Jdbc jdbc) {
		Duration grace = jdbc.getFastFailoverGrace();
		Duration lease = jdbc.getLeaseDuration();
		if (grace.isNegative() || grace.multipliedBy(2).compareTo(lease) >= 0) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover-grace (" + grace.toMillis()
					+ " ms) must be zero or more and shorter than half of " + jdbc.leaseDurationName() + " ("
					+ lease.toMillis() + " ms): a takeover after the lease's end gains nothing; 75 ms is enough "
					+ "for a running leader to notice the loss of its session");
		}
		if (jdbc.getFastFailoverMaxWaiters() < 1) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover-max-waiters must be at least 1, was "
					+ jdbc.getFastFailoverMaxWaiters());
		}
		return new FastFailover(sessions(dataSource), grace, jdbc.getFastFailoverMaxWaiters());
	}

	private static DataSource sessions(DataSource dataSource) {
		if (HIKARI_PRESENT) {
			DataSource fromHikari = Hikari.sessions(dataSource);
			if (fromHikari != null) {
				return fromHikari;
			}
		}
		// A SmartDataSource (SingleConnectionDataSource) hands out one shared connection.
		if (dataSource instanceof AbstractDriverBasedDataSource driverBased
				&& !(dataSource instanceof SmartDataSource)) {
			requireSupported(driverBased.getUrl());
			return dataSource;
		}
		throw new LeaderConfigurationException("leader.jdbc.fast-failover needs connections of its own outside "
				+ "the pool; the starter opens them with the settings of a HikariCP pool, but the lease store's "
				+ "DataSource is a " + dataSource.getClass().getName() + ": define a dev.leader.jdbc.FastFailover "
				+ "bean whose DataSource opens a new connection per call (such as a DriverManagerDataSource), or "
				+ "set leader.jdbc.fast-failover=false");
	}

	/**
	 * Refuse a URL of a database without session locks (H2, ...).
	 */
	static void requireSupported(@Nullable String url) {
		String lower = (url != null) ? url.toLowerCase(Locale.ROOT) : "";
		if (!lower.startsWith("jdbc:postgresql:") && !lower.startsWith("jdbc:mariadb:")
				&& !lower.startsWith("jdbc:mysql:")) {
			throw new LeaderConfigurationException("leader.jdbc.fast-failover supports PostgreSQL and MariaDB/MySQL "
					+ "only, but the lease store's database is at " + url + ": set leader.jdbc.fast-failover=false "
					+ "(a crashed leader's leases are then taken over when they expire)");
		}
	}

	/**
	 * HikariCP, touched only when it is on the class path.
	 */
	private static final class Hikari {

		static @Nullable DataSource sessions(DataSource dataSource) {
			HikariDataSource pool;
			try {
				if (!dataSource.isWrapperFor(HikariDataSource.class)) {
					return null;
				}
				pool = dataSource.unwrap(HikariDataSource.class);
			}
			catch (SQLException ex) {
				return null;
			}
			if (pool.getJdbcUrl() == null) {
				throw new LeaderConfigurationException("leader.jdbc.fast-failover opens its sessions with the "
						+ "HikariCP pool's jdbcUrl, which is not set (the pool uses a dataSourceClassName): define a "
						+ "dev.leader.jdbc.FastFailover bean with a DataSource for them");
			}
			requireSupported(pool.getJdbcUrl());
			DriverManagerDataSource sessions = new DriverManagerDataSource(pool.getJdbcUrl(),
					pool.getDataSourceProperties());
			sessions.setUsername(pool.getUsername());
			sessions.setPassword(pool.getPassword());
			if (pool.getDriverClassName() != null) {
				sessions.setDriverClassName(pool.getDriverClassName());
			}
			return sessions;
		}

	}

}
