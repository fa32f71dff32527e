package dev.leader.boot.autoconfigure;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.zookeeper.leader.LeaderInitiator;
import org.springframework.util.StringUtils;

import dev.leader.LeaderConfigurationException;
import dev.leader.LeaderCoordinator;
import dev.leader.LeaseObserver;
import dev.leader.aop.RunningLeaderJobs;
import dev.leader.zookeeper.ZookeeperLeaderCoordinator;

/**
 * The ZooKeeper store: a {@link ZookeeperLeaderCoordinator} over the application's
 * {@link CuratorFramework}, or one built from {@code leader.zookeeper.*}.
 *
 * @author leader-spring-boot-starter
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ CuratorFramework.class, LeaderInitiator.class })
@Conditional(OnStoreCondition.OnZookeeperStore.class)
class LeaderZookeeperConfiguration {

	/** Curator retries a failed operation this many times. */
	static final int MAX_RETRIES = 3;

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	CuratorFramework leaderCuratorFramework(LeaderProperties properties) {
		LeaderProperties.Zookeeper zookeeper = properties.getZookeeper();
		if (!StringUtils.hasText(zookeeper.getConnectString())) {
			throw new LeaderConfigurationException(
					"leader.store=zookeeper needs leader.zookeeper.connect-string, such as 'localhost:2181', "
							+ "or a CuratorFramework bean");
		}
		Duration sessionTimeout = zookeeper.getSessionTimeout();
		Duration connectionTimeout = zookeeper.getConnectionTimeout();
		requirePositive("leader.zookeeper.session-timeout", sessionTimeout);
		requirePositive("leader.zookeeper.connection-timeout", connectionTimeout);
		requirePositive("leader.retry-interval", properties.getRetryInterval());
		if (connectionTimeout.compareTo(sessionTimeout) >= 0) {
			throw new LeaderConfigurationException(
					"leader.zookeeper.connection-timeout (" + connectionTimeout.toMillis()
							+ " ms) must be shorter than leader.zookeeper.session-timeout (" + sessionTimeout.toMillis()
							+ " ms), so that a node gives up connecting before its session could expire: set "
							+ "leader.zookeeper.connection-timeout to " + sessionTimeout.dividedBy(2).toMillis()
							+ " ms or raise leader.zookeeper.session-timeout");
		}
		if (properties.getRetryInterval().compareTo(sessionTimeout) > 0) {
			throw new LeaderConfigurationException("leader.retry-interval (" + properties.getRetryInterval().toMillis()
					+ " ms) must not exceed leader.zookeeper.session-timeout (" + sessionTimeout.toMillis()
					+ " ms): it is the back-off between ZooKeeper retries, which must fit in a session");
		}
		int sessionMillis = toIntMillis(sessionTimeout);
		CuratorFramework client = CuratorFrameworkFactory.builder()
			.connectString(zookeeper.getConnectString())
			.sessionTimeoutMs(sessionMillis)
			.connectionTimeoutMs(toIntMillis(connectionTimeout))
			.retryPolicy(
					new ExponentialBackoffRetry(toIntMillis(properties.getRetryInterval()), MAX_RETRIES, sessionMillis))
			.build();
		client.start();
		return client;
	}

	@Bean
	@ConditionalOnMissingBean(LeaderCoordinator.class)
	ZookeeperLeaderCoordinator leaderCoordinator(LeaderProperties properties, CuratorFramework client,
			ApplicationEventPublisher publisher, RunningLeaderJobs running, ObjectProvider<LeaseObserver> observers) {
		requirePositive("leader.retry-interval", properties.getRetryInterval());
		ZookeeperLeaderCoordinator.Builder builder = ZookeeperLeaderCoordinator.builder(client)
			.listener(publisher::publishEvent)
			.observer(new LeaseObservers(observers))
			.beforeRelease((group) -> running.drain(group, properties.getShutdownTimeout()))
			.leadershipLost((group, reason) -> LeaderCoordinatorLifecycle.interruptLostWork(running, group, reason))
			.retryInterval(properties.getRetryInterval());
		try {
			builder.root(properties.getZookeeper().getRoot());
		}
		catch (LeaderConfigurationException ex) {
			throw new LeaderConfigurationException("Invalid leader.zookeeper.root: " + ex.getMessage());
		}
		if (StringUtils.hasText(properties.getNodeId())) {
			builder.nodeId(properties.getNodeId());
		}
		return builder.groups(properties.getGroups().toArray(String[]::new)).build();
	}

	private static void requirePositive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new LeaderConfigurationException(property + " must be positive, was " + value);
		}
	}

	private static int toIntMillis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
	}

}
