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

package dev.leader.bench.node;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

import dev.leader.bench.Peer;

/**
 * One node of a benchmark cluster: a small Spring application running the peer's
 * leader-only job for every group, every tick. Started by the harness with
 * {@code -Dbench.*} settings; SIGKILL crashes it, SIGTERM closes the context (Spring's
 * shutdown hook), which is how each peer hands over gracefully.
 *
 * @author leader-spring-boot-starter
 */
public final class NodeMain {

	private NodeMain() {
	}

	public static void main(String[] args) {
		PrintStream out = System.out;
		NodeSettings settings = NodeSettings.fromSystemProperties();
		Reporter reporter = new Reporter(settings, out);
		reporter.serveCommands();
		CountingDataSource counting = (settings.peer().store() == Peer.Store.JDBC) ? counting(settings) : null;
		reporter.counting(counting);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(configuration(settings.peer()))
			.web(settings.peer().isWeb() ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.properties(properties(settings))
			.initializers(beans(settings, reporter, counting));
		ConfigurableApplicationContext context = builder.run();
		if (context.isActive()) {
			logPhases(context, out);
			if (settings.peer().isWeb()) {
				int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
				reporter.slowRequest(() -> slowRequest(port));
			}
			reporter.ready();
		}
	}

	private static Class<?> configuration(Peer peer) {
		return switch (peer) {
			case STARTER_JDBC, STARTER_JDBC_NO_VERIFY, STARTER_JDBC_FAST, STARTER_JDBC_FAST_MARIADB,
					STARTER_JDBC_NO_BALANCE, STARTER_ZOOKEEPER, STARTER_ZOOKEEPER_NO_VERIFY,
					STARTER_ZOOKEEPER_NO_BALANCE, STARTER_JDBC_BEFORE ->
				StarterNode.class;
			case STARTER_JDBC_WEB, STARTER_JDBC_WEB_BEFORE -> StarterWebNode.class;
			case SHEDLOCK -> ShedLockNode.class;
			case SI_JDBC -> SiJdbcNode.class;
			case SI_ZOOKEEPER -> SiZookeeperNode.class;
			case STARTER_ETCD, STARTER_ETCD_NO_VERIFY, STARTER_ETCD_NO_BALANCE -> StarterNode.class;
			case JETCD_ELECTION -> JetcdElectionNode.class;
		};
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> beans(NodeSettings settings,
			Reporter reporter, @Nullable CountingDataSource counting) {
		return (context) -> {
			GenericApplicationContext generic = (GenericApplicationContext) context;
			generic.registerBean(NodeSettings.class, () -> settings);
			generic.registerBean(Reporter.class, () -> reporter);
			if (counting != null) {
				generic.registerBean("dataSource", javax.sql.DataSource.class, counting::dataSource);
			}
			if (settings.peer() == Peer.SI_JDBC) {
				SiJdbcNode.registerInitiators(generic, settings);
			}
			if (settings.peer() == Peer.SI_ZOOKEEPER) {
				SiZookeeperNode.registerInitiators(generic, settings);
			}
		};
	}

	private static Map<String, Object> properties(NodeSettings settings) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("logging.level.dev.leader", "INFO");
		properties.put("bench.tick", settings.tick().toMillis());
		properties.put("bench.lease-iso", settings.lease().toString());
		properties.put("bench.at-least-iso", ShedLockNode.lockAtLeastFor(settings).toString());
		if (settings.peer().isStarter()) {
			properties.put("leader.node-id", settings.nodeId());
			properties.put("leader.jdbc.lease-duration", settings.lease().toMillis() + "ms");
			properties.put("leader.jdbc.renew-interval", settings.renew().toMillis() + "ms");
			properties.put("leader.jdbc.retry-interval", settings.retry().toMillis() + "ms");
			properties.put("leader.zookeeper.retry-interval", settings.retry().toMillis() + "ms");
			properties.put("leader.groups", String.join(",", settings.groupNames()));
			properties.put("leader.verify-before-run", settings.verify());
			properties.put("leader.shutdown-timeout", "5s");
			if (settings.peer().isWithoutBalance()) {
				properties.put("leader.placement.balance", "false");
			}
			if (settings.peer().isFastFailover()) {
				properties.put("leader.jdbc.fast-failover", "true");
			}
			if (settings.peer().isWeb()) {
				// Boot's defaults, written out: graceful shutdown, 30 s per shutdown
				// phase
				properties.put("server.port", "0");
				properties.put("server.shutdown", "graceful");
				properties.put("spring.lifecycle.timeout-per-shutdown-phase", "30s");
			}
			if (settings.peer().isStarterOnEtcd()) {
				properties.put("leader.store", "etcd");
				properties.put("leader.etcd.endpoints", settings.etcd());
				properties.put("leader.etcd.namespace", "/starter-bench");
				properties.put("leader.etcd.lease-duration", settings.lease().toMillis() + "ms");
				properties.put("leader.etcd.renew-interval", settings.renew().toMillis() + "ms");
				properties.put("leader.etcd.retry-interval", settings.retry().toMillis() + "ms");
			}
			else if (settings.peer().isStarterOnZookeeper()) {
				properties.put("leader.store", "zookeeper");
				properties.put("leader.zookeeper.connect-string", settings.zookeeper());
				properties.put("leader.zookeeper.root", "/starter-bench");
				properties.put("leader.zookeeper.session-timeout", settings.lease().toMillis() + "ms");
				properties.put("leader.zookeeper.connection-timeout", settings.lease().toMillis() / 2 + "ms");
			}
			else {
				properties.put("leader.store", "jdbc");
				properties.put("leader.jdbc.initialize-schema", "never");
			}
		}
		return properties;
	}

	/**
	 * Which shutdown phases the starter's lifecycle and the web server's graceful
	 * shutdown have on this node (to the node's log): shows which code a node ran.
	 */
	private static void logPhases(ConfigurableApplicationContext context, PrintStream out) {
		StringBuilder phases = new StringBuilder("lifecycle phases:");
		context.getBeansOfType(SmartLifecycle.class, false, false).forEach((name, bean) -> {
			if (name.startsWith("leader") || name.startsWith("webServer")) {
				phases.append(' ').append(name).append('=').append(bean.getPhase());
			}
		});
		out.println(phases);
	}

	/**
	 * A request to this node's slow endpoint, as a client of the web application would
	 * send it; its answer (or the refusal once the server stopped) does not matter.
	 */
	private static void slowRequest(int port) {
		HttpClient client = HttpClient.newHttpClient();
		try {
			client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
					HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			// The node is shutting down.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static CountingDataSource counting(NodeSettings settings) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(settings.jdbcUrl());
		config.setUsername(settings.jdbcUrl().startsWith("jdbc:mariadb:") ? "root" : "postgres");
		config.setPassword("");
		config.setPoolName(settings.nodeId());
		config.setMaximumPoolSize(10);
		config.setMinimumIdle(2);
		config.setConnectionTimeout(2000);
		config.setValidationTimeout(1000);
		config.setInitializationFailTimeout(-1);
		return new CountingDataSource(new HikariDataSource(config));
	}

}
