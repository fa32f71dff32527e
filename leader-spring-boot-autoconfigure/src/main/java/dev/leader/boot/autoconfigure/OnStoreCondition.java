package dev.leader.boot.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Decides which store {@code leader.store} selects: an explicit value, or for
 * {@code auto} ZooKeeper when a connect string is set and JDBC otherwise.
 *
 * @author leader-spring-boot-starter
 */
abstract class OnStoreCondition extends SpringBootCondition {

	private final LeaderProperties.Store store;

	OnStoreCondition(LeaderProperties.Store store) {
		this.store = store;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		LeaderProperties.Store selected = selected(context.getEnvironment());
		String message = "leader.store selects " + ((selected != null) ? selected : "an unknown store");
		return (selected == this.store) ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
	}

	static LeaderProperties.Store selected(LeaderProperties properties) {
		if (properties.getStore() != LeaderProperties.Store.AUTO) {
			return properties.getStore();
		}
		return StringUtils.hasText(properties.getZookeeper().getConnectString()) ? LeaderProperties.Store.ZOOKEEPER
				: LeaderProperties.Store.JDBC;
	}

	static LeaderProperties.@Nullable Store selected(Environment environment) {
		String configured = environment.getProperty("leader.store", "auto").trim().toUpperCase(Locale.ROOT);
		LeaderProperties.Store store;
		try {
			store = LeaderProperties.Store.valueOf(configured);
		}
		catch (IllegalArgumentException ex) {
			// Binding LeaderProperties reports the invalid value with the valid ones.
			return null;
		}
		if (store != LeaderProperties.Store.AUTO) {
			return store;
		}
		return StringUtils.hasText(environment.getProperty("leader.zookeeper.connect-string"))
				? LeaderProperties.Store.ZOOKEEPER : LeaderProperties.Store.JDBC;
	}

	/**
	 * Matches when the ZooKeeper store is selected.
	 */
	static final class OnZookeeperStore extends OnStoreCondition {

		OnZookeeperStore() {
			super(LeaderProperties.Store.ZOOKEEPER);
		}

	}

	/**
	 * Matches when the JDBC store is selected.
	 */
	static final class OnJdbcStore extends OnStoreCondition {

		OnJdbcStore() {
			super(LeaderProperties.Store.JDBC);
		}

	}

}
